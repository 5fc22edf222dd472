// The scheduled jobs (docs/api.md "Scheduled jobs", permission jobs.manage): every job the
// server runs with its schedule, last run and next run, and running one now.
import { api } from './client.js'

const base = '/api/v1/jobs'

/** { items: [Job] } in the server's order. */
export const listJobs = () => api.get(base)

/** Runs the job now: { name, started_at, duration_ms, ok, error }; 409 while it runs elsewhere. */
export const runJob = (name) => api.post(`${base}/${encodeURIComponent(name)}/run`)
