/**
 * Free and consumer mail domains: an address at one of these says nothing about the person's company, so
 * `companyDomainFromEmail` must not turn it into a company match key (everyone at gmail.com is not one account).
 *
 * Curated here in code rather than taken from the `free-email-domains` npm package: that package downloads its
 * list at install time (its `scripts/postinstall.mjs` fetches the list, which is based on HubSpot's blocked-domains
 * list), which our closed, offline build cannot do; and a list that changed between installs would change match
 * keys between deploys. This one changes only by review.
 *
 * Scope: the large webmail providers with their regional domains, national consumer providers (mostly Europe and
 * Asia), and ISP mailboxes that people use as personal addresses. Omitted on purpose: disposable-address services
 * (a separate concern: they are spam signals, not identities) and corporate domains of the providers themselves.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  // Google
  'gmail.com', 'googlemail.com',
  // Yahoo and its regional domains, and its older brands
  'yahoo.com', 'yahoo.co.uk', 'yahoo.co.in', 'yahoo.co.jp', 'yahoo.co.id', 'yahoo.co.nz', 'yahoo.co.za',
  'yahoo.co.th', 'yahoo.co.kr', 'yahoo.com.au', 'yahoo.com.br', 'yahoo.com.ar', 'yahoo.com.mx', 'yahoo.com.sg',
  'yahoo.com.hk', 'yahoo.com.tw', 'yahoo.com.ph', 'yahoo.com.my', 'yahoo.com.vn', 'yahoo.com.tr', 'yahoo.com.co',
  'yahoo.com.pe', 'yahoo.com.cn', 'yahoo.ca', 'yahoo.fr', 'yahoo.de', 'yahoo.it', 'yahoo.es', 'yahoo.ie',
  'yahoo.in', 'yahoo.gr', 'yahoo.se', 'yahoo.dk', 'yahoo.no', 'yahoo.fi', 'yahoo.pl', 'yahoo.ro', 'yahoo.at',
  'yahoo.be', 'yahoo.ch', 'yahoo.nl', 'yahoo.cl',
  'ymail.com', 'rocketmail.com', 'yahoomail.com',
  // Microsoft: Outlook.com and its predecessors Hotmail, Live and MSN, with their regional domains
  'outlook.com', 'outlook.co.uk', 'outlook.fr', 'outlook.de', 'outlook.es', 'outlook.it', 'outlook.jp',
  'outlook.com.br', 'outlook.com.au', 'outlook.in', 'outlook.ie', 'outlook.be', 'outlook.at', 'outlook.sa',
  'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'hotmail.es', 'hotmail.it', 'hotmail.nl',
  'hotmail.be', 'hotmail.ca', 'hotmail.se', 'hotmail.no', 'hotmail.dk', 'hotmail.fi', 'hotmail.gr', 'hotmail.ch',
  'hotmail.co.jp', 'hotmail.co.za', 'hotmail.co.nz', 'hotmail.co.th', 'hotmail.com.au', 'hotmail.com.br',
  'hotmail.com.ar', 'hotmail.com.mx', 'hotmail.com.tr', 'hotmail.cl', 'hotmail.my',
  'live.com', 'live.co.uk', 'live.fr', 'live.de', 'live.it', 'live.nl', 'live.be', 'live.ca', 'live.se',
  'live.no', 'live.dk', 'live.at', 'live.ie', 'live.cl', 'live.com.au', 'live.com.mx', 'live.com.ar', 'live.jp',
  'live.cn', 'live.in',
  'msn.com', 'passport.com', 'windowslive.com',
  // Apple
  'icloud.com', 'me.com', 'mac.com',
  // AOL, Verizon Media brands
  'aol.com', 'aol.co.uk', 'aol.fr', 'aol.de', 'aim.com', 'love.com', 'wow.com', 'games.com', 'verizon.net',
  // Privacy-focused and independent providers
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me', 'tutanota.com', 'tutanota.de', 'tutamail.com',
  'tuta.io', 'tuta.com', 'keemail.me', 'fastmail.com', 'fastmail.fm', 'fastmail.net', 'hey.com', 'zoho.com',
  'zohomail.com', 'zohomail.eu', 'zohomail.in', 'mailbox.org', 'posteo.de', 'posteo.net', 'runbox.com',
  'mailfence.com', 'hushmail.com', 'disroot.org', 'riseup.net', 'skiff.com', 'startmail.com', 'ctemplar.com',
  // Other international webmail
  'mail.com', 'email.com', 'usa.com', 'post.com', 'europe.com', 'consultant.com', 'myself.com', 'inbox.com',
  'gmx.com', 'gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch', 'gmx.fr', 'gmx.co.uk', 'gmx.us', 'gmx.es', 'gmx.it',
  'lycos.com', 'excite.com', 'juno.com', 'netzero.net', 'earthlink.net', 'mindspring.com', 'rediffmail.com',
  // Germany, Austria, Switzerland
  'web.de', 't-online.de', 'freenet.de', 'arcor.de', 'online.de', 'email.de', 'mail.de', 'vodafone.de',
  'kabelmail.de', 'aon.at', 'chello.at', 'a1.net', 'bluewin.ch', 'sunrise.ch', 'hispeed.ch',
  // France, Belgium
  'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'neuf.fr', 'bbox.fr', 'club-internet.fr',
  'numericable.fr', 'aliceadsl.fr', 'skynet.be', 'telenet.be',
  // Italy, Spain, Portugal
  'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'tin.it', 'email.it', 'fastwebnet.it', 'inwind.it',
  'iol.it', 'terra.es', 'telefonica.net', 'movistar.es', 'sapo.pt', 'netcabo.pt',
  // United Kingdom, Ireland
  'btinternet.com', 'btopenworld.com', 'sky.com', 'virginmedia.com', 'blueyonder.co.uk', 'ntlworld.com',
  'talktalk.net', 'tiscali.co.uk', 'eircom.net', 'o2.co.uk', 'orange.net',
  // Netherlands, Nordics
  'ziggo.nl', 'kpnmail.nl', 'planet.nl', 'home.nl', 'hetnet.nl', 'casema.nl', 'xs4all.nl', 'telia.com',
  'online.no', 'telenor.no', 'jubii.dk', 'mail.dk',
  // Central and Eastern Europe
  'wp.pl', 'o2.pl', 'onet.pl', 'op.pl', 'interia.pl', 'poczta.onet.pl', 'gazeta.pl', 'seznam.cz', 'email.cz',
  'centrum.cz', 'atlas.cz', 'azet.sk', 'centrum.sk', 'freemail.hu', 'citromail.hu', 'abv.bg', 'dir.bg',
  // Russia and neighbours
  'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru', 'rambler.ru', 'yandex.ru', 'yandex.com', 'yandex.ua',
  'yandex.by', 'yandex.kz', 'ya.ru', 'ukr.net', 'i.ua', 'meta.ua', 'tut.by',
  // China, Taiwan, Hong Kong
  'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sina.cn', 'sohu.com', 'aliyun.com',
  '139.com', '189.cn', '21cn.com', 'tom.com', 'netvigator.com', 'hinet.net',
  // Japan, Korea
  'docomo.ne.jp', 'ezweb.ne.jp', 'softbank.ne.jp', 'i.softbank.jp', 'nifty.com', 'biglobe.ne.jp', 'ocn.ne.jp',
  'naver.com', 'daum.net', 'hanmail.net', 'nate.com', 'kakao.com',
  // South and South-East Asia, Oceania
  'sify.com', 'indiatimes.com', 'bigpond.com', 'bigpond.net.au', 'optusnet.com.au', 'iinet.net.au',
  'xtra.co.nz',
  // Latin America
  'bol.com.br', 'uol.com.br', 'terra.com.br', 'ig.com.br', 'prodigy.net.mx', 'terra.com.mx', 'speedy.com.ar',
  'fibertel.com.ar',
  // Middle East, Africa
  'walla.co.il', 'walla.com', 'mweb.co.za', 'webmail.co.za', 'telkomsa.net',
  // United States and Canada ISPs
  'comcast.net', 'xfinity.com', 'att.net', 'sbcglobal.net', 'bellsouth.net', 'pacbell.net', 'ameritech.net',
  'swbell.net', 'flash.net', 'prodigy.net', 'cox.net', 'charter.net', 'spectrum.net', 'roadrunner.com',
  'rr.com', 'twc.com', 'optonline.net', 'frontier.com', 'frontiernet.net', 'windstream.net', 'centurytel.net',
  'centurylink.net', 'embarqmail.com', 'q.com', 'mchsi.com', 'suddenlink.net', 'cableone.net', 'wowway.com',
  'rcn.com', 'shaw.ca', 'rogers.com', 'sympatico.ca', 'bell.net', 'videotron.ca', 'telus.net', 'cogeco.ca',
]);
