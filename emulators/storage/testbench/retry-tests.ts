// Retry Test resources as storage-testbench keeps them: per JSON API method (`storage.objects.get`)
// a queue of instructions, each consumed by one request carrying the test's `x-retry-test-id`.
import { randomBytes } from 'node:crypto';
import { invalidArgument, notFound } from '../../common/index.ts';
import { type Instruction, parseInstruction, requireInstruction } from './instructions.ts';

export interface RetryTestResource {
  id: string;
  /** the instructions not consumed yet, per method */
  instructions: Record<string, string[]>;
  transport: string;
  completed: boolean;
}

export class RetryTests {
  private readonly tests = new Map<string, RetryTestResource>();

  /** `POST /retry_test` body: `{instructions: {method: [text, ...]}, transport?}`. */
  create(body: Record<string, unknown>): RetryTestResource {
    const raw = body.instructions;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw) || Object.keys(raw).length === 0) {
      throw invalidArgument('instructions is not defined');
    }
    const transport = typeof body.transport === 'string' ? body.transport.toUpperCase() : 'HTTP';
    if (transport !== 'HTTP')
      throw invalidArgument(`Transport '${transport}' is not served here (HTTP only).`);
    const instructions: Record<string, string[]> = {};
    for (const [method, list] of Object.entries(raw as Record<string, unknown>)) {
      if (!Array.isArray(list)) throw invalidArgument(`Instructions for ${method} must be a list.`);
      for (const text of list) requireInstruction(text);
      instructions[method] = [...(list as string[])];
    }
    const test: RetryTestResource = {
      id: randomBytes(16).toString('hex'),
      instructions,
      transport,
      completed: Object.values(instructions).every((l) => l.length === 0),
    };
    this.tests.set(test.id, test);
    return test;
  }

  get(id: string): RetryTestResource {
    const test = this.tests.get(id);
    if (!test) throw notFound(`Retry Test ${id.slice(0, 100)} does not exist.`);
    return test;
  }

  list(): RetryTestResource[] {
    return [...this.tests.values()];
  }

  delete(id: string): void {
    this.get(id);
    this.tests.delete(id);
  }

  /** The next instruction for `method` (e.g. `storage.objects.get`), left queued; unknown id → 404. */
  peek(id: string, method: string): Instruction | undefined {
    const text = this.get(id).instructions[method]?.[0];
    return text === undefined ? undefined : parseInstruction(text);
  }

  /** Takes the next instruction for `method`, if any; unknown id → 404. */
  take(id: string, method: string): Instruction | undefined {
    const test = this.get(id);
    const queue = test.instructions[method];
    if (!queue || queue.length === 0) return undefined;
    const text = queue.shift()!;
    test.completed = Object.values(test.instructions).every((l) => l.length === 0);
    return parseInstruction(text);
  }
}
