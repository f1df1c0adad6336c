// The Storage emulator's XML API surface beyond plain reads: multipart uploads, and XML error bodies.
export { resolveMultipart } from './multipart-routes.ts';
export { MAX_PART_BYTES, MAX_PART_NUMBER, MIN_PART_BYTES } from './multipart-store.ts';
export { asXml, xmlFailureReply } from './xml-failure.ts';
