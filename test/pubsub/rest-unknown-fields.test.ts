// REST bodies with a field the request message does not have are refused as Google's front end
// refuses them (400 INVALID_ARGUMENT, "Unknown name … Cannot find field.", BadRequest details).
import { describe, expect, it } from 'vitest';
import { PROJECT, rest, startEmulator, uid } from './helpers.ts';

async function errorOf(res: Response) {
  expect(res.status).toBe(400);
  const body = (await res.json()) as {
    error: { status: string; message: string; details?: { fieldViolations?: unknown[] }[] };
  };
  expect(body.error.status).toBe('INVALID_ARGUMENT');
  return body.error;
}

describe('REST: unknown JSON fields', () => {
  it('refuses an unknown top-level field, naming it, and creates nothing', async () => {
    await using emu = await startEmulator();
    const t = uid('t');
    const err = await errorOf(
      await rest(emu, `projects/${PROJECT}/topics/${t}`, { method: 'PUT', body: { bogus: 1 } }),
    );
    expect(err.message).toBe('Invalid JSON payload received. Unknown name "bogus": Cannot find field.');
    expect(err.details?.[0]?.fieldViolations).toEqual([{ description: err.message }]);
    expect((await rest(emu, `projects/${PROJECT}/topics/${t}`)).status).toBe(404);
  });

  it('names the path of a nested unknown field and lists every one', async () => {
    await using emu = await startEmulator();
    const t = uid('t');
    expect((await rest(emu, `projects/${PROJECT}/topics/${t}`, { method: 'PUT', body: {} })).status).toBe(
      200,
    );
    const s = uid('s');
    const err = await errorOf(
      await rest(emu, `projects/${PROJECT}/subscriptions/${s}`, {
        method: 'PUT',
        body: {
          topic: `projects/${PROJECT}/topics/${t}`,
          push_config: { pushEndpoint: 'http://127.0.0.1:1/', nope: true },
          ackDeadline: 20,
        },
      }),
    );
    expect(err.message).toBe(
      'Invalid JSON payload received. Unknown name "nope" at \'push_config\': Cannot find field.\n' +
        'Invalid JSON payload received. Unknown name "ackDeadline": Cannot find field.',
    );
    const pub = await errorOf(
      await rest(emu, `projects/${PROJECT}/topics/${t}:publish`, {
        method: 'POST',
        body: { messages: [{ data: 'eA==' }, { data: 'eA==', extra: 'x' }] },
      }),
    );
    expect(pub.message).toBe(
      'Invalid JSON payload received. Unknown name "extra" at \'messages[1]\': Cannot find field.',
    );
  });

  it('accepts known fields in camelCase or snake_case, map keys and well-known types as they are', async () => {
    await using emu = await startEmulator();
    const t = uid('t');
    const put = await rest(emu, `projects/${PROJECT}/topics/${t}`, {
      method: 'PUT',
      body: { labels: { anything_goes: 'v' }, message_retention_duration: '600s' },
    });
    expect(put.status).toBe(200);
    const pub = await rest(emu, `projects/${PROJECT}/topics/${t}:publish`, {
      method: 'POST',
      body: { messages: [{ data: 'eA==', attributes: { whatever: '1' }, ordering_key: '' }] },
    });
    expect(pub.status).toBe(200);
  });
});
