/** How bad an alert is; `ok` announces a recovery. */
export type AlertSeverity = 'critical' | 'warning' | 'info' | 'ok';

/**
 * An operator alert. Callers pass summaries only: counts, names, states and reasons, never record bodies, e-mail
 * addresses or other personal data (Slack channels are wide and kept forever).
 */
export interface SlackAlert {
  title: string;
  severity: AlertSeverity;
  summary: string;
  /** Short label → value pairs shown as fields. */
  details?: Readonly<Record<string, string>>;
  /** An http(s) link to where to look (the alarm in the console, a runbook). */
  link?: string;
}
