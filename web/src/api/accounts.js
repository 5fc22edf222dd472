import { api } from './client.js'

export const listAccounts = ({ q, limit = 50, cursor } = {}) =>
  api.get('/api/v1/accounts', { query: { q, limit, cursor } })
