// The tutorial's hourly "download" function (background-event signature), hosted by the Functions
// Framework behind a push subscription: it stores what it "downloaded" in $BUCKET, one object per run.
import { Storage } from '@google-cloud/storage';

interface PubsubMessage {
  data?: string;
  attributes?: Record<string, string>;
}

export async function download(message: PubsubMessage, context: { eventId?: string; timestamp?: string }) {
  if (message.attributes?.action !== 'download')
    throw new Error(`unexpected action ${message.attributes?.action}`);
  const storage = new Storage({
    apiEndpoint: process.env.STORAGE_EMULATOR_HOST,
    projectId: process.env.GOOGLE_CLOUD_PROJECT,
  });
  const body = {
    job: Buffer.from(message.data ?? '', 'base64').toString('utf8'),
    attributes: message.attributes,
    eventId: context.eventId,
    publishTime: context.timestamp,
  };
  await storage
    .bucket(process.env.BUCKET!)
    .file(`covid-bed-status/${context.eventId}.json`)
    .save(JSON.stringify(body), { contentType: 'application/json' });
}
