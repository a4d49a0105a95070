package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.UserService;
import dev.conftekton.confluence.model.Group;
import dev.conftekton.confluence.model.User;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.Objects;

/** Users and groups through the v1 API. */
final class V1Users implements UserService {
    private final Api api;

    V1Users(Api api) {
        this.api = api;
    }

    @Override
    public User current(RequestOptions options) {
        return Mappers.v1User(
                api.json(Api.get(api.v1("/user/current")).build(), options, Api.Target.of("the current user", "read")));
    }

    @Override
    public AutoPager<Group> groupsOf(User user, RequestOptions options) {
        Objects.requireNonNull(user, "user");
        var request = Api.get(api.v1("/user/memberof")).query("limit", String.valueOf(Api.PAGE_SIZE));
        if (api.flavour == Flavour.CLOUD) {
            request.query("accountId", user.accountId());
        } else if (user.username() != null) {
            request.query("username", user.username());
        } else {
            request.query("key", user.accountId());
        }
        return api.list(
                request.build(),
                options,
                Api.Target.of("user " + user.accountId(), "list the groups of"),
                Mappers::v1Group);
    }

    @Override
    public AutoPager<User> membersOf(Group group, RequestOptions options) {
        Objects.requireNonNull(group, "group");
        String path = api.flavour == Flavour.CLOUD
                ? api.v1("/group/" + Paths.segment(group.id(), "group id") + "/membersByGroupId")
                : api.v1("/group/" + Paths.segment(group.name(), "group name") + "/member");
        return api.list(
                Api.get(path).query("limit", String.valueOf(Api.PAGE_SIZE)).build(),
                options,
                Api.Target.of("group " + group.name(), "list the members of"),
                Mappers::v1User);
    }
}
