"""The freelancer's books across projects: what is owed, what was earned, and what each client
and project taught.

:mod:`.facts` reads one project (its brief and record, replayed on a day) into small plain
values; :mod:`.figures` adds the facts of many projects up (receivables by age, income per
month, quarter and year, each client's habits, each project planned against actual);
:mod:`.output` writes them as text, JSON or CSV and :mod:`.page` as one offline HTML page;
:mod:`.history` is what ``check`` says about a client seen before.
"""
