package dev.referly.workspaces;

public record Workspace(String id, String name, String currency, int attributionWindowDays, long createdAt) {}
