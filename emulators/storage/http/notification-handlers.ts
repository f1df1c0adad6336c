// notificationConfigs insert/get/list/delete over HTTP.
import {
  createNotification,
  deleteNotification,
  getNotification,
  listNotifications,
} from '../service/notification-configs.ts';
import type { ApiRequest } from './api-request.ts';
import { readJsonBody } from './body.ts';
import type { HttpEnv } from './env.ts';
import { json, type Reply } from './reply.ts';
import { notificationResource } from './resources.ts';

export async function insertNotification(env: HttpEnv, req: ApiRequest, bucket: string): Promise<Reply> {
  const rec = await createNotification(env.ctx, bucket, await readJsonBody(req));
  return json(notificationResource(rec, req.baseUrl));
}

export async function listNotificationsHandler(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
): Promise<Reply> {
  const items = (await listNotifications(env.ctx, bucket)).map((n) => notificationResource(n, req.baseUrl));
  return json({ kind: 'storage#notifications', items });
}

export async function getNotificationHandler(env: HttpEnv, req: ApiRequest, bucket: string, id: string) {
  return json(notificationResource(await getNotification(env.ctx, bucket, id), req.baseUrl));
}

export async function deleteNotificationHandler(env: HttpEnv, _req: ApiRequest, bucket: string, id: string) {
  await deleteNotification(env.ctx, bucket, id);
  return { status: 204 } satisfies Reply;
}
