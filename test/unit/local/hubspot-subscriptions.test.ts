import { describe, expect, it } from 'vitest';
import { hubspotPropertySubscriptions } from '#local/hubspot-subscriptions';
import { shippedPlan } from '#test/support/processor-setup';

describe("the local HubSpot app's property subscriptions", () => {
  const subscriptions = hubspotPropertySubscriptions(shippedPlan());

  it('subscribe to the properties the contract reads from HubSpot, per object type', () => {
    expect(Object.keys(subscriptions).sort()).toEqual(['companies', 'contacts', 'deals']);
    expect(subscriptions['contacts']).toEqual(expect.arrayContaining(['email', 'firstname', 'lastname', 'jobtitle', 'hubspotscore']));
    expect(subscriptions['deals']).toEqual(expect.arrayContaining(['amount']));
  });

  it("leave out Syncline's own link and flag properties, which only Syncline writes", () => {
    for (const names of Object.values(subscriptions)) {
      expect(names.some((n) => n.startsWith('syncline_'))).toBe(false);
    }
  });
});
