"""Steps the browser tests share: answering one self-check question as a learner would."""


def answer(box, question, right):
    """Answer one question right or wrong, press Check, return the feedback text."""
    kind = question["type"]
    if kind in ("multiple_choice", "many_choice"):
        wanted = [i for i, a in enumerate(question["answers"]) if a["correct"] == right]
        for i in wanted if right else wanted[:1]:
            box.locator(f"input[value='{i}']").check()
    else:
        text = "zzzz" if kind == "string" else "987654"
        if right:
            a = next(a for a in question["answers"] if a["correct"])
            if kind == "string":
                text = a["answer"]
            else:
                text = str(a["value"] if "value" in a else sum(a["range"]) / 2)
        box.locator("input[type=text]").fill(text)
    box.locator(".psoas-check").click()
    return box.locator(".psoas-feedback").inner_text()
