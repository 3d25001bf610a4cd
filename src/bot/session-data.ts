/**
 * What a session holds: the last few turns (for follow-ups) and the last answer's citations (for
 * /sources, /source N and the buttons). Plain data and the functions that change it; the session
 * middleware lives in session.ts.
 */
import type { Citation, Turn } from '../answer/types.js';

export interface SessionData {
  /** Most recent last; at most MAX_TURNS. */
  turns: Turn[];
  /** Citations of the last answer or summary, numbered as shown. */
  lastCitations: Citation[];
}

/** How many earlier exchanges a follow-up can see. */
export const MAX_TURNS = 4;
/** Answers kept in history are cut to this length: enough for a follow-up, small in storage. */
const MAX_ANSWER_CHARS = 600;

/** A fresh, empty session. */
export function initialSession(): SessionData {
  return { turns: [], lastCitations: [] };
}

/** Records one exchange, keeping the last MAX_TURNS, and the citations /sources will show. */
export function rememberTurn(data: SessionData, turn: Turn, citations: Citation[]): void {
  const answer =
    turn.answer && turn.answer.length > MAX_ANSWER_CHARS
      ? turn.answer.slice(0, MAX_ANSWER_CHARS)
      : turn.answer;
  data.turns = [...data.turns, { ...turn, answer }].slice(-MAX_TURNS);
  data.lastCitations = citations;
}
