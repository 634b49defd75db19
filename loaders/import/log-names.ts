/** Extensions of the files a folder of logs holds as logs; other files (a README, a plot) are left alone. */
export const logExtensions = [".json", ".jsonl", ".csv", ".log", ".txt", ".parquet"] as const;

/** Whether a file name is a log an import reads: a log extension, or a TensorBoard event file (events.out.tfevents.*). */
export const isLogName = (name: string): boolean => logExtensions.some((e) => name.endsWith(e)) || name.startsWith("events.out.tfevents.");
