/** Repeating surveys (docs/waves.md): a series, its trend, and making a draft repeat. */
import { graphql, type ResultOf } from './graphql.ts';

export const SurveySeriesQuery = graphql(`
  query SurveySeries($id: ID!) {
    surveySeries(id: $id) {
      id
      cadence
      waveLimit
      waveCount
      status
      startsAt
      nextWaveAt
      waves {
        id
        title
        waveNumber
        status
      }
      trend {
        csv
        waves {
          waveNumber
          opensAt
          closesAt
          reported
          respondents
        }
        questions {
          position
          prompt
          kind
          figures {
            kind
            label
            choice
            points {
              waveNumber
              value
              ciLow
              ciHigh
              n
              suppressed
            }
          }
        }
      }
    }
  }
`);

export type SurveySeries = NonNullable<ResultOf<typeof SurveySeriesQuery>['surveySeries']>;
export type WaveTrend = SurveySeries['trend'];
export type TrendFigure = WaveTrend['questions'][number]['figures'][number];
export type WaveCadence = SurveySeries['cadence'];

export const SetSurveyRepeatMutation = graphql(`
  mutation SetSurveyRepeat($surveyId: ID!, $cadence: WaveCadence, $waves: Int) {
    setSurveyRepeat(surveyId: $surveyId, cadence: $cadence, waves: $waves) {
      id
      waveNumber
    }
  }
`);

export const StopSurveySeriesMutation = graphql(`
  mutation StopSurveySeries($id: ID!) {
    stopSurveySeries(id: $id) {
      id
      status
    }
  }
`);

export const PrepareSurveyKeysMutation = graphql(`
  mutation PrepareSurveyKeys($surveyId: ID!) {
    prepareSurveyKeys(surveyId: $surveyId)
  }
`);
