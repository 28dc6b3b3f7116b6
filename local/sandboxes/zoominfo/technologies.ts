import type { TechAttribute } from './model.ts';

/**
 * The technologies seeded companies use, as Company Enrich `techAttributes` entries (model.ts). The first four rows
 * carry the tag, categories, vendor, attribute code, website, domain and times of the spec's Technology Enrich
 * example [C]; the other rows are real products with made-up tags, attribute codes and times [?] that follow the
 * same patterns (one first number per parent category, the logo URL built from the domain as in the example).
 * Descriptions are the sandbox's own one-liners.
 */
type Row = readonly [tag: string, categoryParent: string, category: string, vendor: string, product: string, attribute: string, domain: string, website: string, createdTime: string, modifiedTime: string, description: string];

const ROWS: readonly Row[] = [
  ['25420', 'IT Infrastructure', 'Infrastructure as a Service (IaaS)', 'Google LLC', 'Google Compute Engine', '334.194.1', 'cloud.google.com', 'https://cloud.google.com/compute/', '8/11/16 14:14', '10/10/18 6:45', 'Virtual machines on Google Cloud.'],
  ['23715', 'Development', 'Container Management Software', 'The Kubernetes Authors', 'Kubernetes', '328.321.25880464', 'kubernetes.io', 'http://kubernetes.io/', '7/16/16 19:04', '6/27/18 3:03', 'Open-source orchestration of containerized applications.'],
  ['30170', 'Development', 'Source Code Management', 'GitHub, Inc.', 'Github', '328.315.488', 'github.com', 'https://github.com/', '10/7/16 15:28', '11/27/17 23:41', 'Hosted Git repositories with code review.'],
  ['23717', 'Development', 'Container Management Software', 'Docker Inc', 'Docker', '328.321.7208456', 'docker.com', 'https://www.docker.com/', '7/16/16 19:04', '8/8/18 2:45', 'Builds and runs software containers.'],
  ['31002', 'IT Infrastructure', 'Infrastructure as a Service (IaaS)', 'Amazon.com, Inc.', 'Amazon Web Services', '334.194.2', 'aws.amazon.com', 'https://aws.amazon.com/', '7/16/16 19:04', '3/2/19 11:20', 'Cloud computing services from Amazon.'],
  ['31210', 'Sales', 'Customer Relationship Management (CRM)', 'Salesforce, Inc.', 'Salesforce Sales Cloud', '340.118.1024', 'salesforce.com', 'https://www.salesforce.com/', '7/16/16 19:04', '5/14/19 9:02', 'CRM for pipeline and account management.'],
  ['31388', 'Marketing', 'Marketing Automation', 'HubSpot, Inc.', 'HubSpot Marketing Hub', '342.131.2210', 'hubspot.com', 'https://www.hubspot.com/', '7/16/16 19:04', '2/21/19 16:40', 'Inbound marketing, e-mail and landing pages.'],
  ['31390', 'Marketing', 'Marketing Automation', 'Adobe Inc.', 'Marketo Engage', '342.131.3310', 'marketo.com', 'https://business.adobe.com/products/marketo.html', '7/16/16 19:04', '1/9/19 8:15', 'B2B marketing automation.'],
  ['31544', 'Collaboration', 'Team Collaboration Software', 'Slack Technologies, LLC', 'Slack', '344.140.4120', 'slack.com', 'https://slack.com/', '9/1/16 10:30', '4/4/19 13:05', 'Team messaging in channels.'],
  ['31602', 'Customer Service', 'Help Desk Software', 'Zendesk, Inc.', 'Zendesk Support', '346.152.5021', 'zendesk.com', 'https://www.zendesk.com/', '9/1/16 10:30', '12/3/18 18:22', 'Ticketing for customer support teams.'],
  ['31711', 'Productivity', 'Office Suites', 'Microsoft Corporation', 'Microsoft 365', '348.160.101', 'microsoft.com', 'https://www.microsoft.com/microsoft-365', '7/16/16 19:04', '6/1/19 7:45', 'Office applications, mail and file storage.'],
  ['31820', 'Human Resources', 'Human Capital Management', 'Workday, Inc.', 'Workday HCM', '352.171.6011', 'workday.com', 'https://www.workday.com/', '9/1/16 10:30', '3/18/19 10:10', 'HR, payroll and workforce planning.'],
  ['31933', 'E-commerce', 'E-commerce Platforms', 'Shopify Inc.', 'Shopify', '354.180.7002', 'shopify.com', 'https://www.shopify.com/', '9/1/16 10:30', '2/2/19 14:55', 'Online store builder and checkout.'],
  ['32040', 'Finance', 'Payment Processing', 'Stripe, Inc.', 'Stripe', '356.190.7310', 'stripe.com', 'https://stripe.com/', '9/1/16 10:30', '5/5/19 12:00', 'Online payments and billing.'],
  ['32155', 'Data', 'Data Warehousing', 'Snowflake Inc.', 'Snowflake', '358.201.8120', 'snowflake.com', 'https://www.snowflake.com/', '1/12/17 9:00', '6/10/19 17:30', 'Cloud data warehouse.'],
  ['32201', 'Business Intelligence', 'Data Visualization', 'Salesforce, Inc.', 'Tableau', '360.210.1024', 'tableau.com', 'https://www.tableau.com/', '7/16/16 19:04', '4/22/19 9:40', 'Dashboards and visual analytics.'],
  ['32318', 'Security', 'Identity and Access Management', 'Okta, Inc.', 'Okta', '362.222.8801', 'okta.com', 'https://www.okta.com/', '9/1/16 10:30', '3/30/19 15:15', 'Single sign-on and identity management.'],
  ['32420', 'Enterprise Applications', 'Enterprise Resource Planning (ERP)', 'SAP SE', 'SAP S/4HANA', '364.230.9001', 'sap.com', 'https://www.sap.com/', '7/16/16 19:04', '5/20/19 6:50', 'ERP suite for finance, supply chain and manufacturing.'],
  ['32421', 'Enterprise Applications', 'Enterprise Resource Planning (ERP)', 'Oracle Corporation', 'Oracle NetSuite', '364.230.9002', 'netsuite.com', 'https://www.netsuite.com/', '7/16/16 19:04', '1/28/19 11:11', 'Cloud ERP for mid-sized businesses.'],
  ['32530', 'Enterprise Applications', 'Life Sciences Software', 'Veeva Systems Inc.', 'Veeva Vault', '364.241.9120', 'veeva.com', 'https://www.veeva.com/', '1/12/17 9:00', '2/14/19 10:25', 'Content and data management for life sciences.'],
  ['32644', 'Healthcare', 'Electronic Health Records (EHR)', 'Epic Systems Corporation', 'Epic EHR', '366.250.9310', 'epic.com', 'https://www.epic.com/', '1/12/17 9:00', '3/7/19 8:05', 'Electronic health records for hospitals.'],
];

const toAttribute = ([tag, categoryParent, category, vendor, product, attribute, domain, website, createdTime, modifiedTime, description]: Row): TechAttribute => ({
  tag,
  categoryParent,
  category,
  vendor,
  product,
  attribute,
  website,
  logo: `https://res.cloudinary.com/zoominfo-com/image/upload/w_100,h_100,c_fit/${domain}`,
  domain,
  createdTime,
  modifiedTime,
  description,
});

/** Every technology the seed uses, by product name. */
export const TECHNOLOGIES: ReadonlyMap<string, TechAttribute> = new Map(ROWS.map((row) => [row[4], toAttribute(row)]));

/** Hand-picked stacks for the CRM demo companies (seed-data.ts), by company name, so a demo shows fitting tools. */
export const DEMO_TECH_STACKS: Readonly<Record<string, readonly string[]>> = {
  'Northwind Traders': ['Shopify', 'Stripe', 'HubSpot Marketing Hub', 'Slack', 'Zendesk Support'],
  'Contoso Pharmaceuticals': ['Veeva Vault', 'SAP S/4HANA', 'Salesforce Sales Cloud', 'Microsoft 365', 'Okta', 'Snowflake'],
  'Fabrikam Robotics': ['SAP S/4HANA', 'Github', 'Docker', 'Kubernetes', 'Microsoft 365'],
  'Tailspin Toys': ['Shopify', 'Stripe', 'HubSpot Marketing Hub', 'Slack'],
  'Wide World Importers': ['Oracle NetSuite', 'Microsoft 365', 'Salesforce Sales Cloud', 'Amazon Web Services'],
  'Litware Analytics': ['Amazon Web Services', 'Kubernetes', 'Docker', 'Github', 'Snowflake', 'Tableau', 'Slack', 'HubSpot Marketing Hub'],
  'Adventure Works Cycles': ['Shopify', 'Oracle NetSuite', 'Zendesk Support', 'Marketo Engage'],
  'Proseware Health': ['Epic EHR', 'Workday HCM', 'Microsoft 365', 'Okta'],
  'Woodgrove Bank': ['Salesforce Sales Cloud', 'Workday HCM', 'Okta', 'Snowflake', 'Tableau', 'Microsoft 365'],
  'Alpine Ski House': ['Stripe', 'Zendesk Support', 'Microsoft 365'],
  Globex: ['SAP S/4HANA', 'Workday HCM', 'Microsoft 365', 'Tableau', 'Okta'],
  Initech: ['Amazon Web Services', 'Github', 'Docker', 'Slack', 'Salesforce Sales Cloud', 'Zendesk Support'],
  'Umbrella Labs': ['Veeva Vault', 'Amazon Web Services', 'Snowflake', 'Workday HCM', 'Slack'],
  'Vandelay Industries': ['Oracle NetSuite', 'Microsoft 365', 'Salesforce Sales Cloud'],
};
