import { Connection } from 'jsforce';
import { oauthRefreshFailed } from '../vendor-metrics.ts';
import { withCallDeadline } from './deadline-transport.ts';

/** Salesforce connected-app credentials as kept in the connector's secret. */
export interface SalesforceCredentials {
  instanceUrl: string;
  /** Where OAuth tokens come from: https://login.salesforce.com, a My Domain, or the local sandbox. */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessToken?: string;
}

/** The REST API version Syncline speaks. jsforce defaults to 50.0; upsert's `created` flag needs ≥ 46.0. */
export const SALESFORCE_API_VERSION = '62.0';

/**
 * A jsforce connection that refreshes its access token by itself: on a 401 INVALID_SESSION_ID jsforce
 * calls the OAuth2 refresh flow and retries the request once. Every request, the token refresh included, has a
 * timeout within the invocation's deadline ({@link withCallDeadline}), so a hung call fails fast as a retry.
 */
export function createSalesforceConnection(credentials: SalesforceCredentials): Connection {
  const connection = new Connection({
    oauth2: { clientId: credentials.clientId, clientSecret: credentials.clientSecret, loginUrl: credentials.loginUrl, redirectUri: `${credentials.loginUrl}/services/oauth2/success` },
    instanceUrl: credentials.instanceUrl,
    refreshToken: credentials.refreshToken,
    ...(credentials.accessToken ? { accessToken: credentials.accessToken } : {}),
    version: SALESFORCE_API_VERSION,
  });
  // REST, Bulk and SOAP calls go through the connection's transport; the token refresh through its OAuth2 client's.
  withCallDeadline(connection._transport);
  withCallDeadline(connection.oauth2._transport);
  // jsforce refreshes through `oauth2.refreshToken` (its oauthRefreshFn); a refusal or a timeout there is counted.
  const refresh = connection.oauth2.refreshToken.bind(connection.oauth2);
  connection.oauth2.refreshToken = (token: string) =>
    refresh(token).catch((error: unknown) => {
      oauthRefreshFailed('salesforce');
      throw error;
    });
  return connection;
}
