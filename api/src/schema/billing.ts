/** A client organisation's billing details: what its invoices print as the buyer, and how VAT applies to it. */
import validator from 'validator';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { normaliseVatNumber } from '../domain/invoicing/identifiers.ts';
import { updateBilling, type BillingInput } from '../domain/invoicing/billing.ts';

builder.prismaObjectFields('Organization', (t) => ({
  billingAddress: t.exposeString('billingAddress', { nullable: true, description: 'Street lines, one per line.' }),
  postalCode: t.exposeString('postalCode', { nullable: true }),
  city: t.exposeString('city', { nullable: true }),
  country: t.exposeString('country', { description: 'ISO 3166-1 alpha-2.' }),
  vatNumber: t.exposeString('vatNumber', { nullable: true, description: 'Intra-community VAT number; an EU buyer outside France that has one is invoiced under reverse charge.' }),
}));

const rule = (message: string) => ({ message, params: { reason: 'invalid' as const } });
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);

const OrganizationBillingInput = builder.inputType('OrganizationBillingInput', {
  description: 'What an invoice prints as the buyer: the organisation’s legal name and postal address, its country and, if it has one, its intra-community VAT number.',
  fields: (t) => ({
    name: t.string({ required: true, validate: z.string().trim().min(2).max(200) }),
    billingAddress: t.string({ required: true, validate: z.string().trim().min(3).max(500) }),
    postalCode: t.string({ validate: optionalText(20) }),
    city: t.string({ required: true, validate: z.string().trim().min(1).max(100) }),
    country: t.string({
      required: true,
      validate: z.string().trim().toUpperCase().refine((c) => validator.isISO31661Alpha2(c), rule('must be an ISO 3166-1 alpha-2 country code such as FR or BE')),
    }),
    vatNumber: t.string({ validate: optionalText(30) }),
  }),
  validate: z.custom<BillingInput>().superRefine((input, ctx) => {
    if (input.vatNumber && !normaliseVatNumber(input.vatNumber, input.country)) {
      ctx.addIssue({ code: 'custom', path: ['vatNumber'], ...rule(`is not a VAT number of ${input.country} (it starts with the country’s prefix, then its own digits)`) });
    }
  }),
});

builder.mutationField('updateOrganizationBilling', (t) =>
  t.prismaField({
    type: 'Organization',
    description: 'Sets the billing details of the client’s own organisation; invoices made afterwards print them (an issued invoice keeps its own).',
    authScopes: { client: true },
    args: { input: t.arg({ type: OrganizationBillingInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await updateBilling(ctx, input);
      return ctx.db.organization.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
