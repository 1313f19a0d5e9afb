<?php
/**
 * Test-harness maintenance script (mentorwatch): create users with backdated registrations.
 *
 * Reads JSON from stdin: {"users": [{"name": "Alice", "registered": "20240101000000",
 * "groups": ["sysop"]}]}. Registration comes from MediaWiki's own clock, set with
 * ConvertibleTimestamp::setFakeTime, so every row the creation writes is consistent.
 * Run with MW_CONFIG_FILE pointing at the test wiki's LocalSettings.php.
 */

$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

use MediaWiki\MediaWikiServices;
use Wikimedia\Timestamp\ConvertibleTimestamp;

class MentorwatchSeedUsers extends Maintenance {
	public function execute() {
		$spec = json_decode( file_get_contents( 'php://stdin' ), true );
		if ( !is_array( $spec ) || !isset( $spec['users'] ) ) {
			$this->fatalError( 'expected {"users": [...]} on stdin' );
		}
		$groupManager = MediaWikiServices::getInstance()->getUserGroupManager();
		$created = [];
		foreach ( $spec['users'] as $entry ) {
			ConvertibleTimestamp::setFakeTime( $entry['registered'] ?? false );
			$existing = User::newFromName( $entry['name'] );
			if ( $existing && $existing->getId() ) {
				$created[$entry['name']] = $existing->getId();
				continue;
			}
			$user = User::createNew( $entry['name'] );
			if ( !$user ) {
				$this->fatalError( "could not create {$entry['name']}" );
			}
			foreach ( $entry['groups'] ?? [] as $group ) {
				$groupManager->addUserToGroup( $user, $group );
			}
			$created[$entry['name']] = $user->getId();
		}
		ConvertibleTimestamp::setFakeTime( false );
		$this->output( json_encode( [ 'users' => (object)$created ] ) . "\n" );
	}
}

$maintClass = MentorwatchSeedUsers::class;
require_once RUN_MAINTENANCE_IF_MAIN;
