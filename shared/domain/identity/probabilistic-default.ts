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
 * to 0.0002%), and the sessions again; 33 EM iterations in all, converged. Probabilities rounded to 6 significant
 * digits.
 *
 * The domain's m (0.8 / 0.2) is the starting value: the corpus always carries a company name, and the domain is
 * compared only where company names are missing or differ, so EM never saw it.
 *
 * Trained before the e-mail comparison stopped counting addresses that spell each other through one name alone
 * (comparison-levels.ts); training again moves few pairs between levels. `npm run bench` scores it as it stands.
 */
export const DEFAULT_PERSON_MODEL: unknown = {
  "version": 1,
  "lambda": 7.70638e-06,
  "records": 100000,
  "comparisons": [
    {
      "name": "email",
      "label": "e-mail",
      "levels": [
        {
          "name": "same address",
          "m": 0.951408,
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
          "m": 0.0148657,
          "u": 0.598455
        },
        {
          "name": "different addresses, free-mail on a side",
          "m": 0.00371644,
          "u": 0.401542
        }
      ]
    },
    {
      "name": "emailAtEmployer",
      "label": "e-mail (same employer)",
      "levels": [
        {
          "name": "same address",
          "m": 0.466679,
          "u": 2.01873e-06
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
          "u": 0.597509,
          "fixedM": true
        },
        {
          "name": "different company domains",
          "m": 0.000127553,
          "u": 4.66001e-05
        },
        {
          "name": "different addresses, free-mail on a side",
          "m": 0.503183,
          "u": 0.402441
        }
      ]
    },
    {
      "name": "givenName",
      "label": "given name",
      "levels": [
        {
          "name": "exact",
          "m": 0.813592,
          "u": 0.001444
        },
        {
          "name": "nickname",
          "m": 0.0865748,
          "u": 0.000469999
        },
        {
          "name": "Jaro-Winkler ≥ 0.92",
          "m": 0.0585991,
          "u": 0.001054
        },
        {
          "name": "initial",
          "m": 0.02,
          "u": 1e-06,
          "fixedM": true
        },
        {
          "name": "Jaro-Winkler ≥ 0.80",
          "m": 0.0156828,
          "u": 0.00518099
        },
        {
          "name": "swapped with family name",
          "m": 0.005,
          "u": 1e-06,
          "fixedM": true
        },
        {
          "name": "different",
          "m": 0.000550842,
          "u": 0.991849
        }
      ]
    },
    {
      "name": "familyName",
      "label": "family name",
      "levels": [
        {
          "name": "exact",
          "m": 0.828948,
          "u": 0.000804999
        },
        {
          "name": "Jaro-Winkler ≥ 0.92",
          "m": 0.0995873,
          "u": 0.000312
        },
        {
          "name": "sounds alike",
          "m": 0.0554386,
          "u": 0.000894999
        },
        {
          "name": "Jaro-Winkler ≥ 0.80",
          "m": 0.0105444,
          "u": 0.002534
        },
        {
          "name": "swapped with given name",
          "m": 0.005,
          "u": 1e-06,
          "fixedM": true
        },
        {
          "name": "different",
          "m": 0.000481423,
          "u": 0.995453
        }
      ]
    },
    {
      "name": "suffix",
      "label": "generational suffix",
      "levels": [
        {
          "name": "same",
          "m": 0.9999,
          "u": 0.993955
        },
        {
          "name": "different",
          "m": 0.0001,
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
          "name": "same last 7 digits",
          "m": 0.005,
          "u": 1e-06,
          "fixedM": true
        },
        {
          "name": "different",
          "m": 0.0585294,
          "u": 0.999998
        }
      ]
    },
    {
      "name": "phoneAtEmployer",
      "label": "phone (same employer)",
      "levels": [
        {
          "name": "same number",
          "m": 0.603559,
          "u": 0.0780313
        },
        {
          "name": "same last 7 digits",
          "m": 0.005,
          "u": 1e-06,
          "fixedM": true
        },
        {
          "name": "different",
          "m": 0.391441,
          "u": 0.921968
        }
      ]
    },
    {
      "name": "company",
      "label": "company",
      "levels": [
        {
          "name": "same name",
          "m": 0.996346,
          "u": 0.001006
        },
        {
          "name": "token-set ≥ 0.90",
          "m": 0.00365263,
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
