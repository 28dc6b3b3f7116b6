/**
 * The shipped person model (`defaultPersonModel` in probabilistic.ts), as JSON data.
 *
 * Obtained by `npx tsx test/bench/probabilistic-train.ts 1 100000 > model.json` (see test/bench/probabilistic-pairs.ts):
 * the generated corpus (test/support/dedupe-corpus, seed 1, 100,000 records) as match records; u from 1,000,000
 * random pairs (seed 1), and for the same-employer e-mail and phone comparisons from 1,000,000 random pairs of
 * people sharing a company name (seed 2); then EM over the 95,463 candidate pairs that the shipped person rules'
 * blocking keys bring together, from `initialModel` with the hand-set m of `PERSON_EXPERT_M` (levels the corpus
 * never shows among matches, marked `fixedM`): three Splink-style sessions, each with its own λ (leaving out
 * employer and family name, then employer and given name, then both names), and last λ alone with every
 * comparison in, over all 4,999,950,000 pairs. Then the same-employer u again with each colleague pair weighted by
 * its non-match posterior (duplicates sit at their company: "same address" among colleague pairs fell from 0.55%
 * to 0.0002%), and the sessions again; 48 EM iterations in all, converged. Probabilities rounded to 6 significant
 * digits.
 *
 * The domain's m (0.8 / 0.2) is the starting value: the corpus always carries a company name, and the domain is
 * compared only where company names are missing or differ, so EM never saw it.
 *
 * Training again after a change to the comparisons (comparison-levels.ts) is part of the change: `npm run bench`
 * scores the model as it stands here.
 */
export const DEFAULT_PERSON_MODEL: unknown = {
  "version": 1,
  "lambda": 7.64089e-06,
  "records": 100000,
  "comparisons": [
    {
      "name": "email",
      "label": "e-mail",
      "levels": [
        {
          "name": "same address",
          "m": 0.950199,
          "u": 1e-06
        },
        {
          "name": "same domain, local part agrees with the name",
          "m": 0.03,
          "u": 1e-06,
          "fixedM": true
        },
        {
          "name": "same domain, local part names someone else",
          "m": 1e-05,
          "u": 1e-06,
          "fixedM": true
        },
        {
          "name": "different company domains",
          "m": 0.0148469,
          "u": 0.598462
        },
        {
          "name": "free-mail on a side, both local parts spell the names",
          "m": 0.00371172,
          "u": 5.70681e-06
        },
        {
          "name": "free-mail on a side, the work address names someone else",
          "m": 0.001,
          "u": 0.345243,
          "fixedM": true
        },
        {
          "name": "free-mail on a side, local parts do not spell the names",
          "m": 0.000231982,
          "u": 0.0562863
        }
      ]
    },
    {
      "name": "emailAtEmployer",
      "label": "e-mail (same employer)",
      "levels": [
        {
          "name": "same address",
          "m": 0.695419,
          "u": 4.08319e-06
        },
        {
          "name": "same domain, local part agrees with the name",
          "m": 0.03,
          "u": 1e-06,
          "fixedM": true
        },
        {
          "name": "same domain, local part names someone else",
          "m": 1e-05,
          "u": 0.597197,
          "fixedM": true
        },
        {
          "name": "different company domains",
          "m": 0.000190076,
          "u": 4.70438e-05
        },
        {
          "name": "free-mail on a side, both local parts spell the names",
          "m": 0.188635,
          "u": 1e-06
        },
        {
          "name": "free-mail on a side, the work address names someone else",
          "m": 0.001,
          "u": 0.346359,
          "fixedM": true
        },
        {
          "name": "free-mail on a side, local parts do not spell the names",
          "m": 0.0847452,
          "u": 0.0563908
        }
      ]
    },
    {
      "name": "givenName",
      "label": "given name",
      "levels": [
        {
          "name": "exact",
          "m": 0.814231,
          "u": 0.00144386
        },
        {
          "name": "nickname",
          "m": 0.0785045,
          "u": 0.000469953
        },
        {
          "name": "Jaro-Winkler ≥ 0.92",
          "m": 0.0652513,
          "u": 0.000941906
        },
        {
          "name": "initial",
          "m": 0.02,
          "u": 0.0001,
          "fixedM": true
        },
        {
          "name": "Jaro-Winkler ≥ 0.80",
          "m": 0.0165925,
          "u": 0.00494351
        },
        {
          "name": "swapped with family name",
          "m": 0.005,
          "u": 1.9998e-06,
          "fixedM": true
        },
        {
          "name": "different",
          "m": 0.000421151,
          "u": 0.992099
        }
      ]
    },
    {
      "name": "familyName",
      "label": "family name",
      "levels": [
        {
          "name": "exact",
          "m": 0.855139,
          "u": 0.000805
        },
        {
          "name": "Jaro-Winkler ≥ 0.92",
          "m": 0.103644,
          "u": 0.000312
        },
        {
          "name": "sounds alike",
          "m": 0.0256729,
          "u": 0.000895
        },
        {
          "name": "Jaro-Winkler ≥ 0.80",
          "m": 0.0104761,
          "u": 0.002534
        },
        {
          "name": "swapped with given name",
          "m": 0.005,
          "u": 2e-06,
          "fixedM": true
        },
        {
          "name": "different",
          "m": 6.77742e-05,
          "u": 0.995452
        }
      ]
    },
    {
      "name": "suffix",
      "label": "generational suffix",
      "levels": [
        {
          "name": "same",
          "m": 0.999999,
          "u": 0.993955
        },
        {
          "name": "different",
          "m": 1e-06,
          "u": 0.006045,
          "fixedM": true
        }
      ]
    },
    {
      "name": "phone",
      "label": "phone",
      "levels": [
        {
          "name": "same number",
          "m": 0.936471,
          "u": 1e-06
        },
        {
          "name": "same number under another calling code",
          "m": 0.005,
          "u": 0.001,
          "fixedM": true
        },
        {
          "name": "different",
          "m": 0.0585294,
          "u": 0.998999
        }
      ]
    },
    {
      "name": "phoneAtEmployer",
      "label": "phone (same employer)",
      "levels": [
        {
          "name": "same number",
          "m": 0.65213,
          "u": 0.0780994
        },
        {
          "name": "same number under another calling code",
          "m": 0.005,
          "u": 0.001,
          "fixedM": true
        },
        {
          "name": "different",
          "m": 0.34287,
          "u": 0.920901
        }
      ]
    },
    {
      "name": "company",
      "label": "company",
      "levels": [
        {
          "name": "same name",
          "m": 0.996846,
          "u": 0.001006
        },
        {
          "name": "token-set ≥ 0.90",
          "m": 0.00315281,
          "u": 3.3e-05
        },
        {
          "name": "different",
          "m": 1e-06,
          "u": 0.998961
        }
      ]
    },
    {
      "name": "domain",
      "label": "company domain",
      "levels": [
        {
          "name": "same",
          "m": 0.8,
          "u": 1e-06
        },
        {
          "name": "different",
          "m": 0.2,
          "u": 0.999999
        }
      ]
    }
  ]
};
