// The official client's high-level admin API: metadata updates, snapshots, seek, detach.
import { describe, expect, it } from 'vitest';
import { client, startEmulator, uid, waitFor } from './helpers.ts';

describe('official client admin surface', () => {
  it('updates metadata, snapshots, seeks and detaches through the high-level API', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    await topic.setMetadata({ labels: { team: 'a' } });
    const [topicMeta] = await topic.getMetadata();
    expect(topicMeta.labels).toEqual({ team: 'a' });

    const [sub] = await topic.createSubscription(uid('s'), {
      ackDeadlineSeconds: 20,
      retainAckedMessages: true,
    });
    await sub.setMetadata({ ackDeadlineSeconds: 33, labels: { x: 'y' } });
    const [subMeta] = await sub.getMetadata();
    expect(subMeta.ackDeadlineSeconds).toBe(33);
    expect(subMeta.labels).toEqual({ x: 'y' });
    expect(subMeta.retainAckedMessages).toBe(true);

    await topic.publishMessage({ data: Buffer.from('one') });
    const [snapshot] = await sub.createSnapshot(uid('snap'));
    const [snapshots] = await pubsub.getSnapshots();
    expect(snapshots.map((s) => s.name)).toContain(snapshot.name);

    const seen: string[] = [];
    sub.on('message', (m) => {
      seen.push(m.data.toString());
      m.ack();
    });
    await waitFor(() => seen.length === 1, 5000, 'first delivery');
    await sub.close();
    await sub.seek(snapshot.name);
    sub.open();
    await waitFor(() => seen.length === 2, 5000, 'redelivery after seek');
    expect(seen).toEqual(['one', 'one']);
    await sub.close();

    await pubsub.detachSubscription(sub.name);
    const [detached] = await sub.detached();
    expect(detached).toBe(true);
    await snapshot.delete();
    const [after] = await pubsub.getSnapshots();
    expect(after.map((s) => s.name)).not.toContain(snapshot.name);
    await pubsub.close();
  });
});
