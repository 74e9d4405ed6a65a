package io.treebeard.recommender.state;

import io.treebeard.schemas.model.UserProfile;

/**
 * A user's profile in the {@code profiles} store, with the LSN of the change that set it; {@code profile} is null
 * after a delete (the LSN still guards against replays).
 */
public record ProfileState(UserProfile profile, long lsn) {
}
