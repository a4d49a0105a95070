package dev.conftekton.confluence;

import dev.conftekton.confluence.model.Group;
import dev.conftekton.confluence.model.User;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;

/** Users and groups, for example to check that an approver belongs to a group. */
public interface UserService {
    /** The user the client authenticates as. */
    default User current() {
        return current(RequestOptions.none());
    }

    User current(RequestOptions options);

    /** The groups {@code user} belongs to (by account id on Cloud, by user name on Data Center). */
    default AutoPager<Group> groupsOf(User user) {
        return groupsOf(user, RequestOptions.none());
    }

    AutoPager<Group> groupsOf(User user, RequestOptions options);

    /** The members of {@code group} (by id on Cloud, by name on Data Center). */
    default AutoPager<User> membersOf(Group group) {
        return membersOf(group, RequestOptions.none());
    }

    AutoPager<User> membersOf(Group group, RequestOptions options);
}
