/** Operations of the survey builder's extras (cost estimate, copies) and of the client's billing details. */
import { graphql, type ResultOf } from './graphql.ts';

/** How a report is priced: the builder's cost estimate uses the API's own rules. */
export const ReportPriceQuery = graphql(`
  query ReportPrice {
    reportPrice {
      baseFeeCents
      perRespondentCents
      vatRateBasisPoints
    }
  }
`);

export type ReportPrice = ResultOf<typeof ReportPriceQuery>['reportPrice'];

export const DuplicateSurveyMutation = graphql(`
  mutation DuplicateSurvey($id: ID!) {
    duplicateSurvey(id: $id) {
      id
      title
    }
  }
`);

/** What an organisation's invoices print about it: the same fields read and written back. */
export const BillingFields = graphql(`
  fragment BillingFields on Organization {
    id
    name
    billingAddress
    postalCode
    city
    country
    vatNumber
  }
`);

export const BillingQuery = graphql(`
  query Billing {
    me {
      id
      organization {
        ...BillingFields
      }
    }
  }
`, [BillingFields]);

export const UpdateBillingMutation = graphql(`
  mutation UpdateBilling($input: OrganizationBillingInput!) {
    updateOrganizationBilling(input: $input) {
      ...BillingFields
    }
  }
`, [BillingFields]);
