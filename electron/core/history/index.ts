export { DEFAULT_HISTORY_LIMIT, DEFAULT_HISTORY_MAX_BYTES, HISTORY_FILE, HistoryLog } from './history-log';
export type { HistoryLogOptions } from './history-log';
