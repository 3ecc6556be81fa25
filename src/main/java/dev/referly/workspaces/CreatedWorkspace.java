package dev.referly.workspaces;

/** A new workspace with its first API key, whose plain text exists only in this object. */
public record CreatedWorkspace(Workspace workspace, String apiKey) {}
