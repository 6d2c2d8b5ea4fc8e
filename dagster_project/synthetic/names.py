"""Word lists for synthetic names of gemeenten, schools and SWVs (some with accents, as in real files)."""

from __future__ import annotations

import numpy as np

PLACE_HEAD = ("Aal", "Bee", "Bor", "Dal", "Eem", "Gel", "Haar", "Hol", "Kamp", "Lin", "Maas", "Nieuw", "Oost",
              "Ooster", "Rijn", "Sint", "Veen", "Wal", "West", "Zuid", "Brug", "Dijk", "Eik", "Heide", "Wolde")
PLACE_TAIL = ("dam", "dorp", "haven", "hoven", "land", "meer", "rade", "veld", "wijk", "woude", "zand", "broek",
              "stein", "horst", "berg", "kerk", "lo", "en", "sum", "um")
ACCENTED_PLACES = ("Súdwest-Fryslân", "Gaasterlân-Sleat", "Dantumadiel", "Noardeast-Fryslân", "Bûtenpost",
                   "Menameradiel", "Hûns", "Tytsjerk", "Wâldsein", "Skâns")
SCHOOL_NAMES = ("De Regenboog", "Het Kompas", "De Vlinder", "De Zonnebloem", "Het Palet", "De Wegwijzer",
                "De Fontein", "Het Anker", "De Sterrenwacht", "Sint-Michaël", "Raphaël", "Zoë", "De Brêge",
                "De Pôlle", "Het Kleurrijk", "De Toermalijn", "Noël", "Het Baken", "De Horizon", "De Linde",
                "De Triangel", "Het Mozaïek", "De Boomgaard", "Sint-Jozef", "De Eendracht")
PO_PREFIX = ("OBS", "CBS", "RKBS", "PCBS", "IKC", "Basisschool", "Jenaplanschool", "Montessorischool")
VO_NAMES = ("Lyceum", "College", "Scholengemeenschap", "Gymnasium", "Collège", "Vakcollege")
REFORMATORISCH = ("Ds. Guido de Brès", "Van Lodenstein", "Driestar", "Johannes Calvijn")


def gemeente_names(rng: np.random.Generator, n: int, accented: int) -> list[str]:
    """n distinct plausible gemeente names, the first ``accented`` of them with diacritics."""
    names: list[str] = list(ACCENTED_PLACES[:accented])
    combos = [h + t for h in PLACE_HEAD for t in PLACE_TAIL]
    order = rng.permutation(len(combos))
    i = 0
    while len(names) < n:
        if i < len(combos):
            names.append(combos[order[i]])
        else:
            names.append(f"{combos[order[i % len(combos)]]} {i // len(combos) + 1}")
        i += 1
    return names[:n]
