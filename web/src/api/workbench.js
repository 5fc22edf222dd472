import { api } from './client.js'

// 工作台: the cards of the signed-in account's roles (docs/api.md, "Workbench").
export const getWorkbench = () => api.get('/api/v1/workbench')
