import { describe, expect, it } from 'vitest';
import { composerField, emptyThreadValues, parseTags, readThreadValues, toThreadInput, withOptionSlot } from './composer.ts';

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe('readThreadValues', () => {
  it('keeps what was typed, options and uploaded images included', () => {
    const values = readThreadValues(form([
      ['room', 'cardiology'], ['title', ' Syncope '], ['body', 'Body'], ['tags', 'ecg, syncope'],
      ['pollQuestion', 'Next?'], ['pollOption', 'Holter'], ['pollOption', ''], ['pollOption', 'Tilt test'],
      ['attachmentId', 'a1'], ['attachmentId', 'a1'], ['attachmentId', '../bad'], ['imageAttestation', 'DEIDENTIFIED'],
    ]));
    expect(values).toEqual({
      room: 'cardiology', title: ' Syncope ', body: 'Body', tags: 'ecg, syncope',
      pollQuestion: 'Next?', pollOptions: ['Holter', '', 'Tilt test'], attachmentIds: ['a1'], imageAttestation: 'DEIDENTIFIED',
    });
    expect(readThreadValues(form([['imageAttestation', 'the patient is Mrs Doe']])).imageAttestation).toBe('');
  });
});

describe('toThreadInput', () => {
  const base = { ...emptyThreadValues('cardiology'), title: 'Syncope at 30', body: 'A case.' };

  it('sends no poll when none was started, and tags as a clean list', () => {
    const { input } = toThreadInput({ ...base, tags: '#ECG, syncope, ecg' });
    expect(input).toEqual({ room: 'cardiology', title: 'Syncope at 30', body: 'A case.', tags: ['ecg', 'syncope'], poll: null, attachmentIds: [] });
  });

  it('sends a poll with its filled options only', () => {
    const { input } = toThreadInput({ ...base, pollQuestion: ' Next step? ', pollOptions: ['Holter', ' ', 'Tilt test', ''] });
    expect(input?.poll).toEqual({ question: 'Next step?', options: ['Holter', 'Tilt test'] });
  });

  it('names the fields that are missing', () => {
    const { errors } = toThreadInput({ ...emptyThreadValues(''), pollOptions: ['Only one'] });
    expect(Object.keys(errors?.fields ?? {}).sort()).toEqual(['body', 'pollOptions', 'pollQuestion', 'room', 'title']);
  });

  it('asks for the attestation when the thread has images, and sends it only then', () => {
    expect(toThreadInput({ ...base, attachmentIds: ['a1'] }).errors?.fields.imageAttestation?.reason).toBe('required');
    expect(toThreadInput({ ...base, attachmentIds: ['a1'], imageAttestation: 'CONSENT_OBTAINED' }).input?.imageAttestation).toBe('CONSENT_OBTAINED');
    expect(toThreadInput({ ...base, imageAttestation: 'DEIDENTIFIED' }).input).not.toHaveProperty('imageAttestation');
  });

  it('refuses a poll of more than ten options or a sixth tag', () => {
    const many = Array.from({ length: 11 }, (_, i) => `o${i}`);
    expect(toThreadInput({ ...base, pollQuestion: 'Q', pollOptions: many }).errors?.fields.pollOptions?.reason).toBe('option_count');
    expect(toThreadInput({ ...base, tags: 'a,b,c,d,e,f' }).errors?.fields.tags?.reason).toBe('too_many');
  });
});

describe('composer helpers', () => {
  it('parses tags and adds option inputs up to ten', () => {
    expect(parseTags(' , #A ,b,, a')).toEqual(['a', 'b']);
    let values = emptyThreadValues();
    for (let i = 0; i < 20; i++) values = withOptionSlot(values);
    expect(values.pollOptions).toHaveLength(10);
  });

  it('places the API’s errors next to the right input', () => {
    expect(['input.title', 'body', 'input.tags.2', 'input.poll.question', 'input.poll.options.3', 'input.poll', 'input.attachmentIds.0', 'input.room', 'other'].map(composerField)).toEqual([
      'title', 'body', 'tags', 'pollQuestion', 'pollOptions', 'pollOptions', 'images', 'room', null,
    ]);
  });
});
