"""Windows, panes, dialogs and actions: the only layer that builds widgets."""
