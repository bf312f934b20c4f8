import { describe, expect, it } from 'vitest';
import { runId, taskId } from '../../../../src/core/ids';
import type { LogLevel, LogLine } from '../../../../src/core/logLine';
import { countByLevel, filterLogLines, formatLogLine, logFileName, logFileText, splitMatches } from '../../../../src/ui/logs/logText';

const line = (seq: number, level: LogLevel, message: string): LogLine => ({
  runId: runId('r1'),
  taskId: taskId('train'),
  tryNumber: 1,
  seq,
  timestamp: Date.UTC(2026, 10, 23, 22, 0, seq),
  level,
  message,
});

const LINES = [line(0, 'debug', 'batch order seeded'), line(1, 'info', 'Epoch 1 loss 0.9'), line(2, 'warning', 'slow EPOCH'), line(3, 'error', 'boom')];

describe('log text', () => {
  it('formats a line with its UTC time and level, as a text file line', () => {
    expect(formatLogLine(LINES[1]!)).toBe('[2026-11-23T22:00:01.000Z] {INFO} Epoch 1 loss 0.9');
    expect(logFileText(LINES.slice(2))).toBe('[2026-11-23T22:00:02.000Z] {WARNING} slow EPOCH\n[2026-11-23T22:00:03.000Z] {ERROR} boom\n');
    expect(logFileText([])).toBe('');
  });

  it('filters by level and by case-insensitive search text', () => {
    expect(filterLogLines(LINES, new Set<LogLevel>(['info', 'warning']), '').map((l) => l.seq)).toEqual([1, 2]);
    expect(filterLogLines(LINES, new Set<LogLevel>(['debug', 'info', 'warning', 'error']), 'epoch').map((l) => l.seq)).toEqual([1, 2]);
    expect(filterLogLines(LINES, new Set<LogLevel>(['info']), 'EPOCH').map((l) => l.seq)).toEqual([1]);
    expect(filterLogLines(LINES, new Set<LogLevel>(), '')).toEqual([]);
    expect(countByLevel(LINES)).toEqual({ debug: 1, info: 1, warning: 1, error: 1 });
  });

  it('splits text around every match, keeping the original case, so joining gives the text back', () => {
    expect(splitMatches('Loss loss LOSS!', 'loss')).toEqual([
      { text: 'Loss', match: true },
      { text: ' ', match: false },
      { text: 'loss', match: true },
      { text: ' ', match: false },
      { text: 'LOSS', match: true },
      { text: '!', match: false },
    ]);
    expect(splitMatches('<b>x</b>', '')).toEqual([{ text: '<b>x</b>', match: false }]);
    expect(splitMatches('aaa', 'aa')).toEqual([
      { text: 'aa', match: true },
      { text: 'a', match: false },
    ]);
    expect(splitMatches('', 'x')).toEqual([{ text: '', match: false }]);
  });

  it('names the file after the DAG, run, task and try, safely', () => {
    expect(logFileName('ml_consumer', 'dataset_triggered__2026-11-23T22:00:00/1', 'train', 2)).toBe(
      'ml_consumer__dataset_triggered__2026-11-23T22_00_00_1__train__try-2.log',
    );
  });
});
