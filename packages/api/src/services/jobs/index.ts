export {
  JOB_RUN_RETENTION_MS,
  type JobRun,
  listJobRuns,
  MAX_JOB_RUNS_LISTED,
  pruneJobRuns,
} from './job-runs';
export {
  INSTANCE_ID,
  latestRunPerStep,
  RUN_LEASE_MS,
  type RunStepOptions,
  runScheduledStep,
  type StepRunOutcome,
  type StepStatus,
} from './runner';
export { type CronSchedule, cronMatches, currentSlot, parseCron } from './schedule';
export { createScheduler, type Scheduler, type SchedulerOptions } from './scheduler';
export * from './steps';
