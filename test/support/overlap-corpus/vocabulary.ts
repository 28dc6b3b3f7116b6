/**
 * Word lists the corpus draws from. Names are listed roughly from common to rare, since the generator picks with a
 * skew towards the head of each list (see `SeededRandom.pickSkewed`).
 */

/** Formal first names with the nicknames people go by in a CRM (the first nickname is the usual one). */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Robert: ['Bob', 'Rob', 'Bobby'],
  Elizabeth: ['Liz', 'Beth', 'Betsy'],
  William: ['Bill', 'Will'],
  Michael: ['Mike'],
  James: ['Jim', 'Jimmy'],
  Jennifer: ['Jen', 'Jenny'],
  Richard: ['Rick', 'Rich'],
  Katherine: ['Kate', 'Katie'],
  Christopher: ['Chris'],
  Margaret: ['Maggie', 'Peggy'],
  Daniel: ['Dan', 'Danny'],
  Joseph: ['Joe'],
  Thomas: ['Tom'],
  Patricia: ['Trish', 'Patty'],
  Anthony: ['Tony'],
  Steven: ['Steve'],
  Matthew: ['Matt'],
  Andrew: ['Andy', 'Drew'],
  Susan: ['Sue'],
  Jonathan: ['Jon'],
  Nicholas: ['Nick'],
  Alexander: ['Alex'],
  Samantha: ['Sam'],
  Rebecca: ['Becky'],
  Benjamin: ['Ben'],
  Timothy: ['Tim'],
  Edward: ['Ed', 'Ted'],
  Charles: ['Charlie', 'Chuck'],
  Deborah: ['Debbie'],
  Kimberly: ['Kim'],
  Gregory: ['Greg'],
  Abigail: ['Abby'],
  Douglas: ['Doug'],
  Lawrence: ['Larry'],
  Victoria: ['Vicky', 'Tori'],
  Frederick: ['Fred'],
};

/** First names with no common nickname, some with accents a second system may strip. */
const PLAIN_FIRST_NAMES = [
  'Maria', 'David', 'Sarah', 'Laura', 'Priya', 'Wei', 'Emma', 'Olivia', 'Carlos', 'Fatima', 'Noah', 'Ava', 'Hiroshi',
  'Mia', 'Luis', 'Ana', 'Ahmed', 'Aisha', 'Sofia', 'Mateo', 'Chloe', 'Lucas', 'Ethan', 'Grace', 'Amir', 'Ingrid',
  'Lars', 'Yuki', 'Kenji', 'Anika', 'Raj', 'Deepa', 'Omar', 'Leila', 'Nadia', 'Mei', 'Hana', 'Jin', 'Olga', 'Ivan',
  'Claire', 'Paul', 'Mark', 'Helen', 'Ruth', 'Diane', 'Karen', 'Brian', 'Kevin', 'Jason', 'Ryan', 'Megan', 'Rachel',
  'José', 'Zoë', 'Renée', 'André', 'Jürgen', 'Björn', 'Chloé', 'Inés', 'François', 'Sören',
];

/** Men's names a son is often named after ("Robert Miller" and "Robert Miller Jr."). */
export const FATHER_NAMES: readonly string[] = ['Robert', 'William', 'James', 'Michael', 'Richard', 'Thomas', 'Joseph', 'Charles', 'Edward', 'David', 'Daniel', 'Frederick'];

/** Every formal first name the generator uses. */
export const FIRST_NAMES: readonly string[] = interleave(Object.keys(NICKNAMES), PLAIN_FIRST_NAMES);

/** Last names; a few with accents, a few with an apostrophe or hyphen. */
export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Nguyen',
  'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Patel', 'Thompson', 'White',
  'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
  'Scott', 'Torres', 'Kim', 'Chen', 'Wang', 'Singh', 'Kumar', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker',
  'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Schmidt', 'Fischer', 'Weber', 'Dubois', 'Lefebvre',
  'Rossi', 'Bianchi', 'Kowalski', 'Novak', 'Ivanova', 'Tanaka', 'Suzuki', 'Sato', 'Yamamoto', 'Park', 'Choi',
  'Okafor', 'Mensah', 'Haddad', 'Khan', 'Ali', 'Hussain', 'Cohen', 'Levy', 'Larsen', 'Hansen', 'Johansson',
  'Lindqvist', 'Murphy', 'Kelly', "O'Brien", 'Sullivan', 'McCarthy', 'Fitzgerald', 'Bennett', 'Hughes', 'Foster',
  'Sanders', 'Price', 'Russell', 'Griffin', 'Hayes', 'Myers', 'Ford', 'Hamilton', 'Graham', 'Wallace', 'Woods',
  'Cole', 'West', 'Jordan', 'Reynolds', 'Ellis', 'Stevens', 'Tucker', 'Porter', 'Hunter', 'Hicks', 'Crawford',
  'Henry', 'Boyd', 'Mason', 'Kennedy', 'Warren', 'Dixon', 'Ramos', 'Burns', 'Gordon', 'Shaw', 'Holmes', 'Rice',
  'Hunt', 'Black', 'Daniels', 'Palmer', 'Mills', 'Nichols', 'Grant', 'Knight', 'Ferguson', 'Stone', 'Hawkins',
  'Dunn', 'Perkins', 'Hudson', 'Spencer', 'Gardner', 'Stephens', 'Payne', 'Pierce', 'Berry', 'Matthews', 'Arnold',
  'Wagner', 'Willis', 'Ray', 'Watkins', 'Olson', 'Carroll', 'Duncan', 'Snyder', 'Hart', 'Cunningham', 'Bradley',
  'Lane', 'Andrews', 'Ruiz', 'Harper', 'Fox', 'Riley', 'Armstrong', 'Carpenter', 'Weaver', 'Greene', 'Lawrence',
  'Elliott', 'Chavez', 'Sims', 'Austin', 'Peters', 'Kelley', 'Franklin', 'Lawson', 'Smith-Jones', 'Müller',
  'Núñez', 'Gómez', 'Peña', 'Özdemir', 'Åberg', 'Lévesque', 'Hernández', 'Ibáñez', 'Söderberg',
];

/** Job titles, each with the other spelling a second rep might type. */
export const TITLES: readonly (readonly [string, string])[] = [
  ['Chief Executive Officer', 'CEO'],
  ['Chief Financial Officer', 'CFO'],
  ['Chief Technology Officer', 'CTO'],
  ['Vice President of Sales', 'VP Sales'],
  ['Vice President, Marketing', 'VP Marketing'],
  ['Director of Operations', 'Operations Director'],
  ['Head of Procurement', 'Procurement Lead'],
  ['Senior Software Engineer', 'Sr. Software Engineer'],
  ['Software Engineer', 'Engineer'],
  ['Account Executive', 'AE'],
  ['Sales Development Representative', 'SDR'],
  ['Marketing Manager', 'Mgr, Marketing'],
  ['Product Manager', 'PM'],
  ['Office Manager', 'Office Mgr'],
  ['Chief Operating Officer', 'COO'],
  ['IT Manager', 'Manager, IT'],
  ['Finance Director', 'Director of Finance'],
  ['Customer Success Manager', 'CSM'],
  ['Human Resources Manager', 'HR Manager'],
  ['General Counsel', 'Legal Counsel'],
];

/** Salesforce's standard Industry picklist values (a subset). */
export const INDUSTRIES = [
  'Technology', 'Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Banking', 'Consulting', 'Education',
  'Energy', 'Transportation', 'Hospitality', 'Media', 'Telecommunications', 'Construction', 'Insurance',
] as const;

/** Parts of company names: an adjective and a noun ("Blue Harbor"), a trade word, and coined-word halves. */
export const COMPANY_ADJECTIVES = [
  'Blue', 'Northern', 'Silver', 'Bright', 'Summit', 'Pacific', 'Golden', 'Green', 'Red', 'Iron', 'Global', 'United',
  'First', 'Prime', 'Evergreen', 'Atlantic', 'Coastal', 'Central', 'Granite', 'Cedar', 'Redwood', 'Western',
  'Eastern', 'Southern', 'Crystal', 'Rapid', 'Clear', 'Bold', 'Swift', 'Quiet', 'Open', 'True', 'Noble', 'Lunar',
  'Solar', 'Urban', 'Royal', 'Modern', 'Alpine', 'Harbor',
] as const;
export const COMPANY_NOUNS = [
  'Harbor', 'River', 'Peak', 'Ridge', 'Bridge', 'Stone', 'Oak', 'Pine', 'Field', 'Valley', 'Point', 'Rock', 'Lake',
  'Forge', 'Anchor', 'Beacon', 'Compass', 'Crown', 'Falcon', 'Fox', 'Hawk', 'Lantern', 'Maple', 'Meadow', 'Orchard',
  'Pioneer', 'Quarry', 'Sparrow', 'Spring', 'Star', 'Tower', 'Vista', 'Wave', 'Willow', 'Arrow', 'Bay', 'Canyon',
  'Delta', 'Ember', 'Grove',
] as const;
export const COMPANY_TRADES = [
  'Logistics', 'Systems', 'Labs', 'Foods', 'Capital', 'Partners', 'Analytics', 'Software', 'Health', 'Energy',
  'Consulting', 'Media', 'Robotics', 'Supply', 'Studios', 'Networks', 'Materials', 'Outfitters', 'Brewing', 'Group',
] as const;
export const COINED_HEADS = [
  'Veri', 'Nex', 'Zen', 'Quan', 'Lumi', 'Octa', 'Astra', 'Kino', 'Vela', 'Tera', 'Omni', 'Cora', 'Flux', 'Pyra',
  'Sola', 'Nova', 'Axi', 'Helio', 'Cyra', 'Mira',
] as const;
export const COINED_TAILS = ['tex', 'vo', 'lytics', 'sys', 'ly', 'gen', 'tron', 'ora', 'wise', 'nix', 'metrics', 'hub'] as const;

function interleave(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i] as string);
    if (i < b.length) out.push(b[i] as string);
  }
  return out;
}
