package dev.conftekton.confluence.model;

/**
 * A user group.
 *
 * @param id the group id (Cloud); on Data Center the name doubles as id
 * @param name the group name
 */
public record Group(String id, String name) {
    public Group {
        Checks.requireText(name, "group name");
        id = id == null ? name : id;
    }
}
