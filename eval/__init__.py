"""Evaluation of docqa: QA sets, scoring, ablation runner, reports and the JSQuAD benchmark."""
