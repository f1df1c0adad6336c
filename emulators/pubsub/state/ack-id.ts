// Ack ids name one delivery: subscription incarnation, message seq and delivery generation, so an
// id from an earlier delivery (or a deleted-and-recreated subscription) is recognisably stale.

export interface AckIdParts {
  incarnation: string;
  seq: number;
  gen: number;
}

export function formatAckId(incarnation: string, seq: number, gen: number): string {
  return `${incarnation}-${seq}-${gen}`;
}

/** The parts of a well-formed ack id, or undefined. */
export function parseAckId(ackId: unknown): AckIdParts | undefined {
  if (typeof ackId !== 'string') return undefined;
  const parts = ackId.split('-');
  if (parts.length !== 3) return undefined;
  const seq = Number(parts[1]);
  const gen = Number(parts[2]);
  if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(gen)) return undefined;
  return { incarnation: parts[0]!, seq, gen };
}
