import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, type Metrics } from '#ports/metrics';

/** CloudWatch EMF metrics through Powertools: namespace `Syncline`, dimension `service=syncline`. */
export class EmfMetrics implements Metrics {
  readonly powertools = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

  count(name: Parameters<Metrics['count']>[0], value = 1): void {
    this.powertools.addMetric(name, MetricUnit.Count, value);
  }

  /** Writes the EMF document; call at the end of each invocation. */
  flush(): void {
    this.powertools.publishStoredMetrics();
  }
}
