"""A blank Reflex app: one var, one trivial event, no database. `benchmarks.events` runs it in
the same mode and worker count as the portal, as the framework's ceiling."""

import reflex as rx


class State(rx.State):
    count: int = 0

    @rx.event
    def bump(self) -> None:
        self.count += 1


def index() -> rx.Component:
    return rx.text(State.count)


app = rx.App()
app.add_page(index)
