import { SpecialtyFields } from './fragments.ts';
import { graphql, type ResultOf } from './graphql.ts';

export const OrderFields = graphql(`
  fragment OrderFields on Order {
    id
    surveyId
    surveyTitle
    organizationName
    status
    amountCents
    totalCents
    invoiceNumber
    createdAt
    paidAt
    invoicePdfUrl
    invoiceHtmlUrl
    reportStatus
  }
`);

export type Order = ResultOf<typeof OrderFields>;
export type OrderStatus = Order['status'];
export type ReportStatus = NonNullable<Order['reportStatus']>;

// ---------------------------------------------------------------- clients

/** The client's own survey, with the orders of it (an order is placed once). */
export const ClientSurveyQuery = graphql(
  `
    query ClientSurvey($id: ID!) {
      survey(id: $id) {
        id
        title
        description
        status
        sampleSize
        responseCount
        closesAt
        createdAt
        reviewReason
        textsToClient
        waveNumber
        series {
          id
          cadence
          waveLimit
          waveCount
          status
        }
        questions {
          id
        }
        quotas {
          cell
          specialty
          country
          yearsBand
          maxAnswers
          fill {
            shown
            belowK
            full
          }
        }
      }
      ordersPage(surveyId: $id, first: 20) {
        edges {
          node {
            ...OrderFields
          }
        }
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [OrderFields, SpecialtyFields],
);

export type ClientSurveyDetail = NonNullable<ResultOf<typeof ClientSurveyQuery>['survey']>;

export const OrderQuoteQuery = graphql(`
  query OrderQuote($surveyId: ID!) {
    orderQuote(surveyId: $surveyId) {
      surveyId
      respondents
      amountCents
      baseFeeCents
      perRespondentCents
      vatRegime
      vatRateBasisPoints
      vatCents
      totalCents
    }
  }
`);

export type OrderQuote = ResultOf<typeof OrderQuoteQuery>['orderQuote'];

/** What the report will publish, free and rounded, before it is ordered. */
export const ReportPreviewQuery = graphql(`
  query ReportPreview($surveyId: ID!) {
    reportPreview(surveyId: $surveyId) {
      surveyId
      k
      epsilon
      outlook
      built
      availableBy
      figuresPublished
      figuresWithheld
      questions {
        questionId
        prompt
        kind
        publishes
        figuresPublished
        figuresWithheld
        answers {
          band
          about
        }
        crossTabs {
          dimension
          segmentsPublished
          segmentsWithheld
          figuresPublished
          figuresWithheld
        }
      }
    }
  }
`);

export type ReportPreview = ResultOf<typeof ReportPreviewQuery>['reportPreview'];
export type QuestionPreview = ReportPreview['questions'][number];

export const CloseSurveyMutation = graphql(`
  mutation CloseSurvey($id: ID!) {
    closeSurvey(id: $id) {
      id
      title
      status
    }
  }
`);

export const OrderReportMutation = graphql(
  `
    mutation OrderReport($surveyId: ID!, $respondentFile: Boolean, $respondentTexts: Boolean) {
      orderReport(surveyId: $surveyId, respondentFile: $respondentFile, respondentTexts: $respondentTexts) {
        ...OrderFields
      }
    }
  `,
  [OrderFields],
);

/** The client's orders (their organisation's), or every order for an admin, a page at a time. */
export const OrdersQuery = graphql(
  `
    query Orders($first: Int!, $after: String) {
      ordersPage(first: $first, after: $after) {
        edges {
          node {
            ...OrderFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [OrderFields],
);

const WeightedFigureFields = graphql(`
  fragment WeightedFigureFields on WeightedFigure {
    estimate
    se
    ciLow
    ciHigh
    deff
  }
`);

const ChoiceResultFields = graphql(`
  fragment ChoiceResultFields on ChoiceResult {
    choiceId
    label
    count
    share
    ciLow
    ciHigh
    suppressed
    weighted {
      ...WeightedFigureFields
    }
  }
`, [WeightedFigureFields]);

export const ReportQuery = graphql(
  `
    query Report($surveyId: ID!) {
      report(surveyId: $surveyId) {
        surveyId
        surveyTitle
        status
        respondents
        k
        epsilon
        privacyBudget
        generatedAt
        csvUrl
        xlsxUrl
        pdfFr: pdfUrl(language: "fr")
        pdfEn: pdfUrl(language: "en")
        respondentFileOrdered
        respondentFileUrl
        failureReason
        frame {
          source
          registries
          date
          total
          trimFactor
          rakeTolerance
          rakeMaxIterations
        }
        fieldedFrom
        fieldedUntil
        figures {
          published
          withheld
          questionsWithout
        }
        targeting {
          specialties
          countries
          regions
          minYearsInPractice
        }
        questions {
          questionId
          prompt
          kind
          n
          suppressed
          mean
          meanCiLow
          meanCiHigh
          median
          texts
          weightedMean {
            ...WeightedFigureFields
          }
          weighting {
            dimensions
            method
            iterations
            converged
            trimmed
            nEffective
          }
          weightingWithheld
          matrix {
            questionId
            prompt
            item
          }
          ranks {
            choiceId
            label
            meanRank
          }
          choices {
            ...ChoiceResultFields
          }
          histogram {
            low
            high
            count
            suppressed
          }
          crossTabs {
            dimension
            cells {
              segment
              n
              suppressed
              mean
              choices {
                ...ChoiceResultFields
              }
            }
          }
        }
      }
      # Cross-tabs name specialties by code: their names in the reader's language.
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [ChoiceResultFields, WeightedFigureFields, SpecialtyFields],
);

export type Report = NonNullable<ResultOf<typeof ReportQuery>['report']>;
export type QuestionResult = Report['questions'][number];
export type ChoiceResult = QuestionResult['choices'][number];
export type HistogramBin = QuestionResult['histogram'][number];
export type CrossTab = QuestionResult['crossTabs'][number];
export type CrossTabCell = CrossTab['cells'][number];

// ---------------------------------------------------------------- admins

export const MarkOrderPaidMutation = graphql(
  `
    mutation MarkOrderPaid($orderId: ID!) {
      markOrderPaid(orderId: $orderId) {
        ...OrderFields
      }
    }
  `,
  [OrderFields],
);

export const ReportJobsQuery = graphql(`
  query ReportJobs($status: ReportStatus) {
    reportJobs(status: $status) {
      surveyId
      surveyTitle
      organizationName
      status
      attempts
      failureReason
      updatedAt
      generatedAt
    }
  }
`);

export type ReportJob = ResultOf<typeof ReportJobsQuery>['reportJobs'][number];

export const RetryReportMutation = graphql(`
  mutation RetryReport($surveyId: ID!) {
    retryReport(surveyId: $surveyId) {
      surveyId
      surveyTitle
      status
    }
  }
`);

// ---------------------------------------------------------------- physicians

export const TransparencyQuery = graphql(`
  query Transparency($first: Int!, $after: String) {
    transparencyPage(first: $first, after: $after) {
      edges {
        node {
          surveyId
          title
          organizationType
          closedAt
          tokensIssued
          responseCount
          receiptsRedeemed
          k
          epsilon
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type TransparencyEntry = ResultOf<typeof TransparencyQuery>['transparencyPage']['edges'][number]['node'];
