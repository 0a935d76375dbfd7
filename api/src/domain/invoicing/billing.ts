/** A client sets its organisation's billing details (the buyer of its invoices). */
import type { Context } from '../../context.ts';
import { forbidden } from '../../errors.ts';
import { normaliseVatNumber } from './identifiers.ts';

export interface BillingInput {
  name: string;
  billingAddress: string;
  postalCode?: string | null;
  city: string;
  country: string;
  vatNumber?: string | null;
}

/** Returns the organisation's id; the input is validated (schema/billing.ts). */
export async function updateBilling(ctx: Context, input: BillingInput): Promise<string> {
  const organizationId = ctx.viewer?.organizationId;
  if (!organizationId) throw forbidden();
  await ctx.db.organization.update({
    where: { id: organizationId },
    data: {
      name: input.name,
      billingAddress: input.billingAddress.replace(/\r\n?/g, '\n'),
      postalCode: input.postalCode ?? null,
      city: input.city,
      country: input.country,
      vatNumber: input.vatNumber ? normaliseVatNumber(input.vatNumber, input.country) : null,
    },
  });
  return organizationId;
}
