/** What the stack's router reports as work flows through it (the progress lines are made from these). */

export type StackEvent =
  | { type: 'upload-seen'; bucket: string; key: string; size: number }
  | { type: 'upload-handled'; key: string; result: unknown }
  | { type: 'upload-failed'; key: string; error: Error; attempt: number; final: boolean }
  | { type: 'queued'; queue: string; body: string }
  | { type: 'record-started'; queue: string; messageId: string; body: string; receiveCount: number }
  | { type: 'record-succeeded'; queue: string; messageId: string; body: string }
  | {
      type: 'record-failed';
      queue: string;
      messageId: string;
      body: string;
      receiveCount: number;
      reason: string;
    }
  | { type: 'dead-lettered'; queue: string; body: string }
  /** A request's status object (`<request key>.status.json`) was written. */
  | { type: 'status'; key: string; status: Record<string, unknown> };

export type StackListener = (event: StackEvent) => void;
