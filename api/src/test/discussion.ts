/** Discussion helpers for integration tests: threads and replies made through the API. */
import { expect } from 'vitest';
import type { TestApp } from './harness.ts';

export const CREATE = `mutation ($i: ThreadInput!) { createThread(input: $i) { id room title body tags score replyCount hidden lastActivityAt author { id handle } poll { id options { id label votes } } } }`;
export const REPLY = `mutation ($i: ReplyInput!) { reply(input: $i) { id threadId parentId body hidden author { id handle } } }`;

export interface ThreadFields {
  room?: string;
  title?: string;
  body?: string;
  tags?: string[];
  poll?: { question: string; options: string[] };
  attachmentIds?: string[];
  groupId?: string;
  imageAttestation?: 'CONSENT_OBTAINED' | 'DEIDENTIFIED';
}

export async function postThread(t: TestApp, token: string, fields: ThreadFields = {}) {
  const res = await t.gql<{ createThread: { id: string; poll: { id: string; options: Array<{ id: string }> } | null; author: { id: string } } }>(CREATE, {
    i: { room: 'general', title: 'A case to discuss', body: 'What would you do?', ...(fields.attachmentIds?.length && { imageAttestation: 'DEIDENTIFIED' }), ...fields },
  }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.createThread;
}

export async function postReply(t: TestApp, token: string, threadId: string, body = 'I would wait.', parentId?: string) {
  const res = await t.gql<{ reply: { id: string; parentId: string | null } }>(REPLY, { i: { threadId, body, parentId } }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.reply;
}
