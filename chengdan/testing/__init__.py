"""Test helpers shared by every app's tests: the persona organisation and API clients."""
