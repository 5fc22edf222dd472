import { api } from './client.js'

// The tag dictionary: [{code, name, category, has_grade}]. Administrators extend it as data.
export const listTagDefinitions = () => api.get('/api/v1/tag-definitions')
export const createTagDefinition = (definition) => api.post('/api/v1/tag-definitions', definition)
