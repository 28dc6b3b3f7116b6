/**
 * Curated given-name table for identity resolution: which formal names a nickname may stand for, and which
 * spellings of a formal name are the same name. Read through `givenNameForms` / `sameGivenName`.
 *
 * All keys and values are folded (lowercase, no accents, no punctuation; see `foldName`). Coverage is English
 * first, with the commonest Spanish, German, Italian and Russian diminutives. An ambiguous nickname lists every
 * formal name it commonly shortens (`chris` → christopher, christine, christina): matching then asks whether two
 * names *may* be the same, and the other match keys (e-mail, phone, last name) decide.
 */

/** Formal name → its nicknames and diminutives. A nickname that is also a name in its own right is listed there too. */
const DIMINUTIVES: Readonly<Record<string, readonly string[]>> = {
  abigail: ['abby', 'abbie', 'gail'],
  abraham: ['abe', 'bram'],
  agnes: ['aggie', 'nessa'],
  albert: ['al', 'bert', 'bertie'],
  aleksandr: ['sasha', 'sanya', 'alex'],
  alexander: ['alex', 'alec', 'al', 'sandy', 'xander', 'lex', 'sasha'],
  alexandra: ['alex', 'alexa', 'lexi', 'lexie', 'sandy', 'sasha', 'alix'],
  alfred: ['al', 'alf', 'alfie', 'fred', 'freddie'],
  alison: ['ally', 'allie', 'ali'],
  allison: ['ally', 'allie', 'ali'],
  amanda: ['mandy', 'manda'],
  amelia: ['millie', 'amy'],
  anastasia: ['nastya', 'stacy', 'stacey', 'ana'],
  andrew: ['andy', 'drew', 'andie'],
  angela: ['angie'],
  anthony: ['tony', 'ant'],
  antoinette: ['toni', 'nettie'],
  archibald: ['archie'],
  arthur: ['art', 'artie'],
  augustus: ['gus', 'augie'],
  barbara: ['barb', 'barbie', 'babs'],
  barnabas: ['barney'],
  bartholomew: ['bart'],
  beatrice: ['bea', 'trixie'],
  benjamin: ['ben', 'benny', 'benji', 'benjy'],
  bernadette: ['bernie'],
  bernard: ['bernie', 'bern'],
  bradley: ['brad'],
  calvin: ['cal'],
  cameron: ['cam'],
  caroline: ['carrie', 'carol', 'caro', 'callie'],
  carolyn: ['carrie', 'carol', 'lyn'],
  cassandra: ['cassie', 'cass', 'sandy'],
  catherine: ['cathy', 'cath', 'kate', 'katie', 'kathy', 'cat', 'cate', 'kay'],
  cecilia: ['cece', 'cissy'],
  charles: ['charlie', 'chuck', 'chas', 'chaz', 'chip'],
  charlotte: ['charlie', 'lottie', 'lotte'],
  christina: ['chris', 'chrissy', 'tina', 'christy'],
  christine: ['chris', 'chrissy', 'tina', 'christy'],
  christopher: ['chris', 'kit', 'topher'],
  clifford: ['cliff'],
  concepcion: ['concha', 'conchi'],
  constance: ['connie'],
  cynthia: ['cindy'],
  daniel: ['dan', 'danny'],
  danielle: ['dani', 'danni'],
  david: ['dave', 'davey', 'davy'],
  deborah: ['deb', 'debbie', 'debby'],
  dennis: ['denny'],
  dmitri: ['dima'],
  dolores: ['lola', 'dee'],
  dominic: ['dom'],
  donald: ['don', 'donnie'],
  dorothy: ['dot', 'dottie', 'dolly'],
  douglas: ['doug'],
  edith: ['edie'],
  edmund: ['ed', 'ned', 'ted'],
  eduardo: ['edu', 'lalo'],
  edward: ['ed', 'eddie', 'eddy', 'ted', 'teddy', 'ned'],
  edwin: ['ed', 'eddie'],
  ekaterina: ['katya', 'katia'],
  eleanor: ['ellie', 'nell', 'nellie', 'nora'],
  elizabeth: ['liz', 'lizzie', 'lizzy', 'beth', 'betty', 'bette', 'betsy', 'eliza', 'elsie', 'libby', 'liza', 'bess', 'bessie', 'lisa'],
  emily: ['em', 'emmy', 'millie'],
  emma: ['em', 'emmy'],
  enrique: ['quique'],
  ernest: ['ernie'],
  eugene: ['gene'],
  evelyn: ['evie'],
  ezekiel: ['zeke'],
  florence: ['flo', 'florrie'],
  frances: ['fran', 'frannie', 'fanny', 'frankie'],
  francesca: ['fran', 'frankie', 'chesca'],
  francis: ['frank', 'fran', 'frankie'],
  francisco: ['paco', 'pancho', 'cisco', 'fran', 'curro'],
  franklin: ['frank'],
  frederick: ['fred', 'freddie', 'freddy', 'fritz', 'rick'],
  friedrich: ['fritz', 'fred', 'friedel'],
  gabriel: ['gabe'],
  gabrielle: ['gabby', 'gabi'],
  geoffrey: ['geoff', 'jeff'],
  gerald: ['gerry', 'jerry'],
  geraldine: ['gerry', 'geri'],
  gerard: ['gerry'],
  gilbert: ['gil', 'bert'],
  giuseppe: ['beppe', 'peppe', 'pino'],
  gregory: ['greg'],
  guillermo: ['memo', 'guille'],
  gwendolyn: ['gwen', 'wendy'],
  harold: ['hal', 'harry'],
  harriet: ['hattie'],
  henry: ['hank', 'harry', 'hal'],
  herbert: ['herb', 'bert'],
  howard: ['howie'],
  ignacio: ['nacho'],
  isaac: ['ike'],
  isabel: ['bella', 'izzy', 'belle', 'isa'],
  ivan: ['vanya'],
  jacob: ['jake'],
  jacqueline: ['jackie', 'jacqui'],
  james: ['jim', 'jimmy', 'jamie', 'jimbo', 'jem'],
  jeffrey: ['jeff', 'geoff'],
  jennifer: ['jen', 'jenny', 'jenn', 'jenni'],
  jeremiah: ['jerry'],
  jeremy: ['jerry', 'jez'],
  jerome: ['jerry'],
  jessica: ['jess', 'jessie'],
  johannes: ['hans', 'jo', 'hannes', 'jan'],
  john: ['jack', 'johnny', 'jon', 'jonny'],
  jonathan: ['jon', 'jonny', 'johnny'],
  jose: ['pepe', 'chepe'],
  joseph: ['joe', 'joey', 'jos'],
  josephine: ['jo', 'josie'],
  joshua: ['josh'],
  judith: ['judy', 'jude'],
  julia: ['julie', 'jules'],
  katarzyna: ['kasia'],
  kathleen: ['kathy', 'kath', 'kate', 'katie', 'kay'],
  kenneth: ['ken', 'kenny'],
  kimberly: ['kim', 'kimmy'],
  lawrence: ['larry', 'laurie'],
  leonard: ['leo', 'len', 'lenny'],
  leslie: ['les'],
  lillian: ['lily', 'lil'],
  louis: ['lou', 'louie'],
  louise: ['lou', 'lulu'],
  madeline: ['maddie', 'maddy'],
  malgorzata: ['gosia'],
  manuel: ['manolo', 'manu'],
  margaret: ['maggie', 'meg', 'peggy', 'peg', 'marge', 'margie', 'greta', 'gretchen', 'madge', 'daisy', 'maisie', 'rita'],
  martha: ['marty', 'mattie'],
  martin: ['marty'],
  mary: ['molly', 'polly', 'mae', 'mamie', 'mimi'],
  matilda: ['tilly', 'tillie', 'mattie'],
  matthew: ['matt', 'matty'],
  maximilian: ['max'],
  maxwell: ['max'],
  melanie: ['mel'],
  melissa: ['mel', 'missy', 'lissa'],
  mercedes: ['merche'],
  michael: ['mike', 'mikey', 'mick', 'mickey', 'micky'],
  michelle: ['shelly', 'shelley'],
  mikhail: ['misha'],
  mildred: ['millie'],
  mitchell: ['mitch'],
  montgomery: ['monty'],
  natalie: ['nat', 'tally'],
  natasha: ['tasha', 'nat'],
  nathan: ['nate', 'nat'],
  nathaniel: ['nate', 'nat'],
  nicholas: ['nick', 'nicky', 'nico'],
  nicole: ['nicky', 'nikki', 'nic'],
  nikolai: ['kolya'],
  norman: ['norm'],
  oliver: ['ollie', 'olly'],
  olivia: ['liv', 'livvy', 'ollie'],
  pamela: ['pam'],
  patricia: ['pat', 'patty', 'patti', 'trish', 'tricia', 'patsy'],
  patrick: ['pat', 'paddy'],
  pavel: ['pasha'],
  penelope: ['penny'],
  percival: ['percy'],
  peter: ['pete'],
  philip: ['phil', 'pip'],
  priscilla: ['cilla'],
  rachel: ['rach'],
  randall: ['randy'],
  randolph: ['randy'],
  raymond: ['ray'],
  rebecca: ['becky', 'becca', 'becka', 'reba'],
  reginald: ['reggie', 'reg'],
  richard: ['rich', 'richie', 'rick', 'ricky', 'dick', 'dicky', 'rico'],
  robert: ['rob', 'robbie', 'robby', 'bob', 'bobby', 'bert', 'bertie'],
  roberto: ['beto', 'tito', 'rober'],
  roderick: ['rod', 'rick'],
  rodney: ['rod'],
  ronald: ['ron', 'ronnie'],
  russell: ['russ'],
  samantha: ['sam', 'sammy', 'sammie'],
  samuel: ['sam', 'sammy'],
  sandra: ['sandy', 'sandi'],
  sebastian: ['seb', 'bastian'],
  sergei: ['seryozha'],
  solomon: ['sol'],
  sophia: ['sophie'],
  stanley: ['stan'],
  stephanie: ['steph', 'stephie'],
  stephen: ['steve', 'stevie'],
  stuart: ['stu'],
  susan: ['sue', 'susie', 'suzy', 'suzie'],
  suzanne: ['sue', 'suzy'],
  tabitha: ['tabby'],
  tatiana: ['tanya'],
  terence: ['terry'],
  teresa: ['terry', 'tess', 'tessa', 'tessie', 'terri'],
  theodore: ['ted', 'teddy', 'theo'],
  theresa: ['terri', 'terry', 'tess', 'tessa', 'tracy'],
  thomas: ['tom', 'tommy', 'thom'],
  timothy: ['tim', 'timmy'],
  tobias: ['toby'],
  valerie: ['val'],
  veronica: ['ronnie', 'roni'],
  victoria: ['vicky', 'vicki', 'tori', 'vic'],
  vincent: ['vince', 'vinny', 'vin'],
  virginia: ['ginny', 'ginger'],
  vladimir: ['vova', 'volodya'],
  walter: ['walt', 'wally'],
  wesley: ['wes'],
  wilfred: ['fred', 'wil'],
  wilhelm: ['willi', 'willy', 'wim'],
  william: ['bill', 'billy', 'will', 'willy', 'willie', 'liam'],
  winifred: ['winnie'],
  wojciech: ['wojtek'],
  yevgeny: ['zhenya'],
  zachary: ['zach', 'zack', 'zak'],
};

/**
 * Spellings of one formal name. A name in a group stands for the whole group, and so does each of its nicknames
 * (`stephen` and `steve` both stand for stephen and steven). Only true respellings belong here, not related names.
 */
const SPELLINGS: readonly (readonly string[])[] = [
  ['catherine', 'katherine', 'kathryn', 'katharine', 'katharina'],
  ['stephen', 'steven'],
  ['geoffrey', 'jeffrey'],
  ['philip', 'phillip'],
  ['isabel', 'isabella', 'isobel', 'isabelle'],
  ['teresa', 'theresa'],
  ['madeline', 'madeleine'],
  ['frederick', 'frederic', 'fredrick'],
  ['lawrence', 'laurence'],
  ['christina', 'kristina'],
  ['christine', 'kristine'],
  ['christopher', 'kristopher'],
  ['terence', 'terrence'],
  ['jacob', 'jakob'],
  ['mikhail', 'michail'],
  ['sergei', 'sergey'],
  ['dmitri', 'dmitry'],
  ['yevgeny', 'evgeny'],
  ['nikolai', 'nikolay'],
  ['sophia', 'sofia'],
];

/** Every spelling of `formal` (itself included), from {@link SPELLINGS}. */
function spellingsOf(formal: string): readonly string[] {
  return SPELLINGS.find((group) => group.includes(formal)) ?? [formal];
}

/** Adds `forms` to the set of `name`, creating it on first use. */
function addForms(index: Map<string, Set<string>>, name: string, forms: readonly string[]): void {
  let set = index.get(name);
  if (set === undefined) index.set(name, (set = new Set()));
  for (const form of forms) set.add(form);
}

/** Inverts the tables once, at module load: name → the formal spellings it may stand for. */
function buildIndex(): ReadonlyMap<string, ReadonlySet<string>> {
  const index = new Map<string, Set<string>>();
  for (const group of SPELLINGS) for (const name of group) addForms(index, name, group);
  for (const [formal, nicknames] of Object.entries(DIMINUTIVES)) {
    // The formal name stands for itself too, which matters when it is also someone else's nickname.
    addForms(index, formal, spellingsOf(formal));
    for (const nickname of nicknames) addForms(index, nickname, spellingsOf(formal));
  }
  return index;
}

/**
 * Given name (folded) → the formal names it may stand for. Names absent from the index stand for themselves.
 * Fixed at module load; it never grows.
 */
export const GIVEN_NAME_FORMS: ReadonlyMap<string, ReadonlySet<string>> = buildIndex();

/** Formal name → the first letters it goes by: its own and its nicknames' (`rebecca` → r, b for Becky). */
function buildInitials(): ReadonlyMap<string, string> {
  const index = new Map<string, Set<string>>();
  for (const [formal, nicknames] of Object.entries(DIMINUTIVES)) {
    for (const spelling of spellingsOf(formal)) addForms(index, spelling, [spelling, ...nicknames].map((name) => name.charAt(0)));
  }
  return new Map([...index].map(([name, initials]) => [name, [...initials].sort().join('')]));
}

/**
 * Formal given name (folded) → the initials it may appear under in a mailbox, as one string (`rebecca` → `br`):
 * `bcox@` is Rebecca Cox's when she goes by Becky. Names absent stand for their own first letter.
 */
export const GIVEN_NAME_INITIALS: ReadonlyMap<string, string> = buildInitials();
