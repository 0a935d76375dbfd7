import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SELLER, parseEnv } from './env.ts';

describe('parseEnv', () => {
  it('works with nothing set, on a development machine', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 4000, DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/consilium', RATE_LIMIT_SCALE: 1 });
    expect(env.PSEUDONYM_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ PORT: '', PSEUDONYM_SECRET: '' }).PORT).toBe(4000);
  });

  it('names each bad variable in one line', () => {
    expect(() => parseEnv({ PORT: 'eighty', RATE_LIMIT_SCALE: '-1' })).toThrow(/^Invalid configuration: PORT: .*; RATE_LIMIT_SCALE: /);
  });

  it('refuses to run in production without a pseudonym secret, or with a short one', () => {
    const survey = { SURVEY_KEY_SECRET: 'y'.repeat(40), REPORT_LINK_SECRET: 'z'.repeat(40), RATE_LIMIT_KEY_SECRET: 'r'.repeat(40), FACTOR_KEY_SECRET: 'f'.repeat(40), MAIL_TOKEN_SECRET: 'm'.repeat(40) };
    expect(() => parseEnv({ NODE_ENV: 'production', ...survey })).toThrow(/PSEUDONYM_SECRET: required in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'short', ...survey })).toThrow(/PSEUDONYM_SECRET/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40) })).toThrow(/SURVEY_KEY_SECRET: required in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40), SURVEY_KEY_SECRET: 'y'.repeat(40) })).toThrow(/REPORT_LINK_SECRET: required in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40), ...survey, RATE_LIMIT_KEY_SECRET: undefined })).toThrow(/RATE_LIMIT_KEY_SECRET: required in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40), ...survey, FACTOR_KEY_SECRET: undefined })).toThrow(/FACTOR_KEY_SECRET: required in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40), ...survey, MAIL_TOKEN_SECRET: undefined })).toThrow(/MAIL_TOKEN_SECRET: required in production/);
    expect(parseEnv({ NODE_ENV: 'production', PSEUDONYM_SECRET: 'x'.repeat(40), ...survey, ...DEVELOPMENT_SELLER }).PSEUDONYM_SECRET).toBe('x'.repeat(40));
  });
});

describe('the seller printed on invoices', () => {
  const secrets = { PSEUDONYM_SECRET: 'x'.repeat(40), SURVEY_KEY_SECRET: 'y'.repeat(40), REPORT_LINK_SECRET: 'z'.repeat(40), RATE_LIMIT_KEY_SECRET: 'r'.repeat(40), FACTOR_KEY_SECRET: 'f'.repeat(40), MAIL_TOKEN_SECRET: 'm'.repeat(40) };

  it('is required in production, each variable named when it is missing', () => {
    for (const name of Object.keys(DEVELOPMENT_SELLER)) {
      expect(() => parseEnv({ NODE_ENV: 'production', ...secrets, ...DEVELOPMENT_SELLER, [name]: undefined })).toThrow(
        new RegExp(`^Invalid configuration: ${name}: required in production`),
      );
    }
  });

  it('is a development seller elsewhere, and a real one is normalised (spaces, case)', () => {
    expect(parseEnv({})).toMatchObject(DEVELOPMENT_SELLER);
    const env = parseEnv({ SELLER_IBAN: 'fr76 3000 6000 0112 3456 7890 189', SELLER_SIRET: '732 829 320 00074', SELLER_VAT_NUMBER: 'FR 44 732829320', SELLER_BIC: 'bnpa frpp xxx' });
    expect(env).toMatchObject({ SELLER_IBAN: 'FR7630006000011234567890189', SELLER_SIRET: '73282932000074', SELLER_VAT_NUMBER: 'FR44732829320', SELLER_BIC: 'BNPAFRPPXXX' });
    expect(parseEnv({ INVOICE_VAT_RATE_PERCENT: '5.5' }).INVOICE_VAT_RATE_PERCENT).toBe(5.5);
  });

  it('refuses an IBAN whose checksum fails, a SIRET whose Luhn key fails, a VAT number of another SIREN', () => {
    expect(() => parseEnv({ SELLER_IBAN: 'FR7630006000011234567890188' })).toThrow(/^Invalid configuration: SELLER_IBAN: not a valid IBAN \(checksum\)/);
    expect(() => parseEnv({ SELLER_SIRET: '73282932000075' })).toThrow(/SELLER_SIRET: not a valid SIRET/);
    expect(() => parseEnv({ SELLER_SIRET: '7328293200007' })).toThrow(/SELLER_SIRET: not a valid SIRET/);
    expect(() => parseEnv({ SELLER_VAT_NUMBER: 'FR45732829320' })).toThrow(/SELLER_VAT_NUMBER: not a valid French VAT number/);
    expect(() => parseEnv({ SELLER_VAT_NUMBER: 'FR44732829320' })).toThrow(/SELLER_VAT_NUMBER: its SIREN .* is not the first 9 digits of SELLER_SIRET/);
    expect(() => parseEnv({ SELLER_BIC: 'BNP' })).toThrow(/SELLER_BIC: not a valid BIC/);
    expect(() => parseEnv({ INVOICE_PAYMENT_DAYS: '90' })).toThrow(/INVOICE_PAYMENT_DAYS/);
  });
});
