"""Shared hand-made geography of the dbt fixtures: regio-indeling, gemeenten and vestigingen (snapshot 2023-01-01).

    PC4 1011, 1012 -> PO2401 / VO2401 (gemeente Amsterdam 0363)
    PC4 2011       -> PO2402 / VO2402 (gemeente Haarlem 0392)
    PC4 3011       -> PO2403 / VO2403 (gemeente Rotterdam 0599)
    PC4 3099       -> Europoort: no SWV (gemeente Rotterdam)
Vestigingen:
    01AA00 bao in 1011, register PO2401          02BB00 sbo in 2011, register PO2402
    03CC00 so/vso in 3011, no register SWV       04DD00 vo in 1012, register VO2401
    05EE00 bao in 2011, no register SWV -> region PO2402
    06FF00 vo in 3011, register VO2402 (region says VO2403)
    09HH00 vo in 1012, register VO2401
"""

from __future__ import annotations

from tests.support.landing import rows_from_text

REGIO = rows_from_text("""
pc4;gemeentenaam;po_swv_code;vo_swv_code;bestand_datum
1011;Amsterdam;PO2401;VO2401;2023-01-01
1012;Amsterdam;PO2401;VO2401;2023-01-01
2011;Haarlem;PO2402;VO2402;2023-01-01
3011;Rotterdam;PO2403;VO2403;2023-01-01
3099;Rotterdam;Europoort;Europoort;2023-01-01
""")
GEMEENTEN = rows_from_text("""
gemeentecode;gemeentenaam;bestand_datum
0363;Amsterdam;2023-01-01
0392;Haarlem;2023-01-01
0599;Rotterdam;2023-01-01
""")
VESTIGINGEN = rows_from_text("""
vestigingscode;brin;vestigingsnaam;schoolsoort;postcode;gemeentecode;gemeentenaam;bestuursnummer;swv_code;cluster;bestand_datum
01AA00;01AA;De Regenboog;BAO;1011AB;0363;Amsterdam;10001;PO2401;;2023-01-01
02BB00;02BB;De Brug sbo;SBO;2011CD;0392;Haarlem;10002;PO2402;;2023-01-01
03CC00;03CC;Mytylschool;SO_VSO;3011EF;0599;Rotterdam;10003;;3;2023-01-01
04DD00;04DD;Het Lyceum;VO;1012GH;0363;Amsterdam;10004;VO2401;;2023-01-01
05EE00;05EE;De Linde;BAO;2011KL;0392;Haarlem;10005;;;2023-01-01
06FF00;06FF;Maascollege;VO;3011MN;0599;Rotterdam;10006;VO2402;;2023-01-01
09HH00;09HH;Het Atheneum;VO;1012PQ;0363;Amsterdam;10009;VO2401;;2023-01-01
""")
