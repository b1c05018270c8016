"""A two-document corpus (Leudal agenda + MLO vision) shared by several test files."""

AGENDA_TEMPLATE = """Ontwikkelagenda Jeugdhulp Leudal

1 Taakstelling
De gemeente Leudal legt een taakstelling op aan de jeugdhulp.
In 2021 bedraagt de taakstelling € 200.000.
Vanaf 2022 is de taakstelling structureel € {amount} per jaar.

2 Uitgaven
De uitgaven aan jeugdhulp waren in 2018 € 10.568.794.
De raad wordt twee keer per jaar geïnformeerd over de voortgang.
"""

VISIE = """Regiovisie Jeugd en Gezin Midden-Limburg Oost

1 De regio
De regio Midden-Limburg Oost bestaat uit Echt-Susteren, Maasgouw, Roerdalen en Roermond.
Deze visie gaat niet over Leudal.
"""

CATALOGUE = """documents:
  leudal-agenda.txt: {title: Ontwikkelagenda Jeugdhulp Leudal, date: "2019",
    region: Midden-Limburg West, municipality: Leudal, access: public}
  mlo-visie.txt: {title: Regiovisie Midden-Limburg Oost, date: "2022",
    region: Midden-Limburg Oost, municipality: Roermond, access: public}
"""
