"""The full-screen Textual app (`a3s-code` with no prompt). Import ``a3s_cli.tui.app`` to load Textual."""
