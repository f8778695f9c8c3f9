"""Demo data from the source documents in shared/seeds beside the checkout, loaded by `manage.py seed_klu`.

Data modules (transcribed word for word from the sources):
- people.py: organisations and people;
- klu_2023.py: KLU, its members, 30 November 2023 in full, the 2024 calendar, 7 December 2021;
- chefforum_2024.py: Chefforum Sundhedsklynge Midt, its members, 15 January 2024 in full, 25 April 2024;
- health_agreement.py: Sundhedsaftalen 2024-2027 (principles, pejlemærker, goals, milestones);
- agreements.py: the collaboration agreements, guidance, pilot and partnership;
- attachments.py: the attachments' text and their PDFs.

loader.py writes them, idempotently (common.py has the compare-before-save helpers).
"""

from .loader import load

__all__ = ["load"]
