"""`pmlint timeline`: draft a post-mortem's one-minute timeline from saved evidence.

Evidence files are sniffed by content (`sniff`), read by one module per kind into `Event`s
in UTC (`git`, `k8s`, `helm`, `alertmanager`, `pagerduty`, `opsgenie`, `slack`, `log`),
kept inside the incident's window, grouped into one row per minute, source and message
shape (`group`), and written as Markdown, JSON or CSV (`render`) or merged into the
document's Timeline table (`merge`).
"""
