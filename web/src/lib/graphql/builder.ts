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

export const BillingQuery = graphql(`
  query Billing {
    me {
      id
      organization {
        id
        name
        billingAddress
        postalCode
        city
        country
        vatNumber
      }
    }
  }
`);

export const UpdateBillingMutation = graphql(`
  mutation UpdateBilling($input: OrganizationBillingInput!) {
    updateOrganizationBilling(input: $input) {
      id
      name
      billingAddress
      postalCode
      city
      country
      vatNumber
    }
  }
`);
