"""What an administrator does on an order's page, shared by the staff and store journeys."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


def order_status(page: Page) -> Locator:
    """The status badge beside the order's heading (a status region named "Order status")."""
    return page.get_by_role("status", name="Order status")


def dispatch(page: Page, tracking: str) -> None:
    """Type the tracking reference, press Mark Dispatched and confirm in the question it asks."""
    page.get_by_role("textbox", name="Tracking reference").fill(tracking)
    page.get_by_role("button", name="Mark Dispatched").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Dispatch and e-mail").click()
